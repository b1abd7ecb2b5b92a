// What the command palette can jump to, built from what the app's stores hold: hosts, stacks,
// services and containers of the current environment, and the pages. Each entry opens its page
// and offers its actions; running them is the palette's job (see usePaletteRunner).
import type { ContainerSummary, Host, Stack, StackServiceInfo } from '../../../shared/types';
import { containerHref, hostHref, hrefFor, type PageId } from '../../lib/router';

export type EntryKind = 'page' | 'host' | 'stack' | 'service' | 'container';

export type PaletteActionId =
  'open' | 'topology' | 'drain' | 'activate' | 'preflight' | 'scale' | 'restart' | 'logs' | 'shell';

export interface PaletteAction {
  id: PaletteActionId;
  label: string;
  /** For links: where it goes. */
  href?: string;
}

export interface PaletteEntry {
  key: string;
  kind: EntryKind;
  label: string;
  /** A second line: address, stack, host, image. */
  detail: string;
  href: string;
  actions: PaletteAction[];
  host?: Host;
  service?: StackServiceInfo;
}

const stackLink = (name: string, tab?: string) => hrefFor('stacks', tab ? `${name}~${tab}` : name);

export function buildEntries(input: {
  pages: readonly { page: PageId; label: string }[];
  hosts: readonly Host[];
  stacks: readonly Stack[];
  services: readonly StackServiceInfo[];
  containers: readonly ContainerSummary[];
}): PaletteEntry[] {
  const entries: PaletteEntry[] = [];
  const add = (e: PaletteEntry) => entries.push(e);

  for (const { page, label } of input.pages)
    add({
      key: `page:${page}`,
      kind: 'page',
      label,
      detail: 'Page',
      href: hrefFor(page),
      actions: [{ id: 'open', label: 'Go to page', href: hrefFor(page) }],
    });

  for (const host of input.hosts) {
    const inSwarm = host.nodeId !== null && host.role !== 'none';
    add({
      key: `host:${host.id}`,
      kind: 'host',
      label: host.name,
      detail: `Host · ${host.address}`,
      href: hostHref(host.id),
      host,
      actions: [
        { id: 'open', label: 'Open host', href: hostHref(host.id) },
        ...(inSwarm
          ? [
              host.availability === 'drain'
                ? { id: 'activate' as const, label: 'Activate (take tasks again)' }
                : { id: 'drain' as const, label: 'Drain…' },
            ]
          : []),
        ...(host.state === 'connected'
          ? [{ id: 'preflight' as const, label: 'Re-run preflight' }]
          : []),
      ],
    });
  }

  for (const stack of input.stacks)
    add({
      key: `stack:${stack.name}`,
      kind: 'stack',
      label: stack.name,
      detail: 'Stack',
      href: stackLink(stack.name),
      actions: [
        { id: 'open', label: 'Open stack', href: stackLink(stack.name) },
        { id: 'topology', label: 'Topology', href: stackLink(stack.name, 'topology') },
      ],
    });

  for (const service of input.services) {
    const href = service.stack ? stackLink(service.stack) : hrefFor('stacks');
    add({
      key: `service:${service.name}`,
      kind: 'service',
      label: service.name,
      detail: `Service · ${service.image}`,
      href,
      service,
      actions: [
        { id: 'open', label: service.stack ? 'Open its stack' : 'Go to stacks', href },
        ...(service.mode === 'replicated' ? [{ id: 'scale' as const, label: 'Scale…' }] : []),
        { id: 'restart', label: 'Restart tasks' },
      ],
    });
  }

  for (const c of input.containers) {
    const href = containerHref(c.hostId, c.id);
    add({
      key: `container:${c.hostId}/${c.id}`,
      kind: 'container',
      label: c.name,
      detail: `Container · ${c.hostName} · ${c.state}`,
      href,
      actions: [
        { id: 'open', label: 'Open container', href },
        { id: 'logs', label: 'Logs', href: containerHref(c.hostId, c.id, 'logs') },
        ...(c.state === 'running'
          ? [{ id: 'shell' as const, label: 'Shell', href: containerHref(c.hostId, c.id, 'shell') }]
          : []),
      ],
    });
  }
  return entries;
}
