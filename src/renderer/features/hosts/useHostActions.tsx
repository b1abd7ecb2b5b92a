// A host's actions, the same on its card, its page and in the command palette: labels, drain or
// activate, promote or demote, preflight, re-pin, remove. Dialogs open through `onOpenDialog`;
// quick actions run here with their busy state and error.
import { useState } from 'react';
import type { Host } from '../../../shared/types';
import {
  ArrowDownCircleIcon,
  ArrowUpCircleIcon,
  KeyIcon,
  PauseIcon,
  PlayIcon,
  RefreshIcon,
  TagIcon,
  TrashIcon,
} from '../../components/Icons';
import type { MenuItem } from '../../components/Menu';
import { errorMessage } from '../../lib/errors';
import { useHosts } from '../../stores/hosts';
import { toast } from '../../stores/toasts';

export type HostDialogKind = 'labels' | 'repin' | 'remove' | 'drain';
/** What the last failed host action says (title and message). */
export interface HostActionError {
  title: string;
  message: string;
}
export type HostBusy = null | 'role' | 'preflight' | 'availability';

export function useHostActions(
  host: Host,
  managers: number,
  onOpenDialog: (kind: HostDialogKind, host: Host) => void,
) {
  const setRole = useHosts((s) => s.setRole);
  const setAvailability = useHosts((s) => s.setAvailability);
  const rerunPreflight = useHosts((s) => s.rerunPreflight);
  const [busy, setBusy] = useState<HostBusy>(null);
  const [actionError, setActionError] = useState<HostActionError | null>(null);

  const run = async (
    kind: Exclude<HostBusy, null>,
    title: string,
    work: () => Promise<unknown>,
  ) => {
    setBusy(kind);
    setActionError(null);
    try {
      await work();
      return true;
    } catch (error) {
      setActionError({ title, message: errorMessage(error) });
      return false;
    } finally {
      setBusy(null);
    }
  };

  const changeRole = async (role: 'manager' | 'worker') => {
    const ok = await run(
      'role',
      role === 'manager' ? `Couldn’t promote ${host.name}` : `Couldn’t demote ${host.name}`,
      () => setRole(host.id, role),
    );
    if (ok) toast({ tone: 'ok', title: `${host.name} is now a ${role}` });
  };

  const activate = async () => {
    const ok = await run('availability', `Couldn’t activate ${host.name}`, () =>
      setAvailability(host.id, 'active'),
    );
    if (ok) toast({ tone: 'ok', title: `${host.name} takes tasks again` });
  };

  const runPreflight = async () => {
    const ok = await run('preflight', `Couldn’t run the preflight on ${host.name}`, () =>
      rerunPreflight(host.id),
    );
    if (ok) toast({ tone: 'ok', title: `Preflight of ${host.name} done` });
  };

  const connected = host.state === 'connected';
  const inSwarm = host.role !== 'none' && host.nodeId !== null;
  const notInSwarm = inSwarm ? undefined : 'Not in the Swarm';
  const items: MenuItem[] = [
    {
      id: 'labels',
      label: 'Edit labels…',
      icon: <TagIcon size={16} />,
      onSelect: () => onOpenDialog('labels', host),
    },
    host.availability === 'drain'
      ? {
          id: 'activate',
          label: 'Activate (take tasks again)',
          icon: <PlayIcon size={16} />,
          onSelect: () => void activate(),
          disabled: busy !== null || !inSwarm,
          disabledReason: notInSwarm,
        }
      : {
          id: 'drain',
          label: 'Drain…',
          icon: <PauseIcon size={16} />,
          onSelect: () => onOpenDialog('drain', host),
          disabled: busy !== null || !inSwarm,
          disabledReason: notInSwarm,
        },
    host.role === 'manager'
      ? {
          id: 'demote',
          label: 'Demote to worker',
          icon: <ArrowDownCircleIcon size={16} />,
          onSelect: () => void changeRole('worker'),
          disabled: busy !== null || managers <= 1,
          disabledReason:
            managers <= 1 ? 'The only manager: promote another host first' : undefined,
        }
      : {
          id: 'promote',
          label: 'Promote to manager',
          icon: <ArrowUpCircleIcon size={16} />,
          onSelect: () => void changeRole('manager'),
          disabled: busy !== null || !inSwarm,
          disabledReason: notInSwarm,
        },
    {
      id: 'preflight',
      label: 'Re-run preflight',
      icon: <RefreshIcon size={16} />,
      onSelect: () => void runPreflight(),
      disabled: busy !== null || !connected,
      disabledReason: connected ? undefined : 'Needs a connection to the host',
    },
    ...(host.state === 'host-key-mismatch'
      ? [
          {
            id: 'repin',
            label: 'Re-pin host key…',
            icon: <KeyIcon size={16} />,
            onSelect: () => onOpenDialog('repin', host),
          },
        ]
      : []),
    {
      id: 'remove',
      label: 'Remove host…',
      icon: <TrashIcon size={16} />,
      danger: true,
      separated: true,
      onSelect: () => onOpenDialog('remove', host),
    },
  ];

  return { items, busy, actionError, clearError: () => setActionError(null) };
}
