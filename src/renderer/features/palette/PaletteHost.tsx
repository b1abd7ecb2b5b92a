// The keyboard layer of the whole app: Ctrl+K / Cmd+K opens the command palette, "/" focuses
// the page's search, "?" lists the shortcuts. It also runs what the palette chose: links
// navigate, quick actions run with a toast, the ones that need a word more open their dialog.
import { useCallback, useEffect, useState } from 'react';
import type { Host, StackServiceInfo } from '../../../shared/types';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { newOperationId } from '../../lib/operations';
import type { PageId } from '../../lib/router';
import { useEnvironmentHosts, useHosts } from '../../stores/hosts';
import { invalidateStacks } from '../../stores/stacks';
import { toast } from '../../stores/toasts';
import { HostDialogs } from '../hosts';
import { CommandPalette } from './CommandPalette';
import type { PaletteAction, PaletteEntry } from './entries';
import { ScaleDialog } from './ScaleDialog';
import { shortcutFor } from './shortcuts';
import { ShortcutsDialog } from './ShortcutsDialog';
import { usePaletteEntries } from './usePaletteEntries';
import './palette.css';

type Open =
  | { kind: 'palette' }
  | { kind: 'help' }
  | { kind: 'scale'; environmentId: number; service: StackServiceInfo }
  | { kind: 'drain'; host: Host }
  | null;

function focusPageSearch(): void {
  const input = [...document.querySelectorAll<HTMLInputElement>('[data-page-search]')].find(
    (el) => el.getClientRects().length > 0,
  );
  input?.focus();
  input?.select();
}

async function attempt(title: string, work: () => Promise<unknown>, done: string) {
  try {
    await work();
    toast({ tone: 'ok', title: done });
  } catch (error) {
    toast({ tone: 'error', title, body: errorMessage(error) });
  }
}

export function PaletteHost({ pages }: { pages: readonly { page: PageId; label: string }[] }) {
  const [open, setOpen] = useState<Open>(null);
  const { entries, environmentId, servicesError } = usePaletteEntries(
    open?.kind === 'palette',
    pages,
  );
  const drainHosts = useEnvironmentHosts(
    open?.kind === 'drain' ? open.host.environmentId : undefined,
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e);
      if (!action) return;
      e.preventDefault();
      if (action === 'search') focusPageSearch();
      else setOpen({ kind: action });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const run = useCallback(
    (entry: PaletteEntry, action: PaletteAction) => {
      setOpen(null);
      if (action.href) {
        window.location.hash = action.href;
        return;
      }
      const host = entry.host;
      const service = entry.service;
      const hosts = useHosts.getState();
      if (action.id === 'drain' && host) setOpen({ kind: 'drain', host });
      else if (action.id === 'activate' && host)
        void attempt(
          `Couldn’t activate ${host.name}`,
          () => hosts.setAvailability(host.id, 'active'),
          `${host.name} takes tasks again`,
        );
      else if (action.id === 'preflight' && host)
        void attempt(
          `Couldn’t run the preflight on ${host.name}`,
          () => hosts.rerunPreflight(host.id),
          `Preflight of ${host.name} done`,
        );
      else if (action.id === 'scale' && service && environmentId !== undefined)
        setOpen({ kind: 'scale', environmentId, service });
      else if (action.id === 'restart' && service && environmentId !== undefined)
        void attempt(
          `Couldn’t restart ${service.name}`,
          async () => {
            await api.invoke('service.restart', {
              environmentId,
              service: service.name,
              operationId: newOperationId(),
            });
            invalidateStacks(environmentId);
          },
          `${service.name} restarting`,
        );
    },
    [environmentId],
  );

  const close = () => setOpen(null);
  if (!open) return null;
  switch (open.kind) {
    case 'palette':
      return (
        <CommandPalette
          entries={entries}
          note={servicesError ? `services not listed: ${servicesError}` : null}
          onRun={run}
          onClose={close}
        />
      );
    case 'help':
      return <ShortcutsDialog onClose={close} />;
    case 'scale':
      return (
        <ScaleDialog environmentId={open.environmentId} service={open.service} onClose={close} />
      );
    case 'drain':
      return (
        <HostDialogs
          dialog={{ kind: 'drain', host: open.host }}
          hosts={drainHosts}
          onClose={close}
        />
      );
  }
}
