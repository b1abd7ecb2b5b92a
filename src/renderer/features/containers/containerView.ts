// How containers read on screen: state colours and order, short names, filter text, sorting.
import type { ContainerState, ContainerSummary } from '../../../shared/types';
import type { Tone } from '../../components/Badge';
import type { TableSort } from '../../components/VirtualTable';

export const stateOrder: readonly ContainerState[] = [
  'running',
  'restarting',
  'paused',
  'created',
  'removing',
  'exited',
  'dead',
];

export const stateTone: Record<ContainerState, Tone> = {
  running: 'ok',
  restarting: 'warn',
  paused: 'warn',
  created: 'info',
  removing: 'neutral',
  exited: 'neutral',
  dead: 'error',
};

export const stateLabel: Record<ContainerState, string> = {
  running: 'Running',
  restarting: 'Restarting',
  paused: 'Paused',
  created: 'Created',
  removing: 'Removing',
  exited: 'Exited',
  dead: 'Dead',
};

export const containerKey = (c: ContainerSummary): string => `${c.hostId}/${c.id}`;

/** "nginx" for service "web_nginx" in stack "web"; the full name otherwise. */
export function serviceShortName(c: ContainerSummary): string | null {
  if (!c.service) return null;
  return c.stack && c.service.startsWith(`${c.stack}_`)
    ? c.service.slice(c.stack.length + 1)
    : c.service;
}

/** "10.77.0.2:5000/nginx:lab@sha256:…" → "nginx:lab": no digest, no registry host. */
export function imageName(image: string): string {
  const at = image.indexOf('@sha256:');
  const ref = at > 0 ? image.slice(0, at) : image;
  const slash = ref.indexOf('/');
  if (slash < 0) return ref;
  const first = ref.slice(0, slash);
  const isRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  return isRegistry ? ref.slice(slash + 1) : ref;
}

/** A task's name split for display: "web_nginx.1" and ".a9a2or7y38c71t6qgd7jbnv6r". */
export function nameParts(c: ContainerSummary): { head: string; tail: string } {
  if (c.service && c.name.startsWith(`${c.service}.`)) {
    const rest = c.name.slice(c.service.length + 1);
    const dot = rest.indexOf('.');
    if (dot > 0) {
      const head = `${c.service}.${rest.slice(0, dot)}`;
      return { head, tail: c.name.slice(head.length) };
    }
  }
  return { head: c.name, tail: '' };
}

const haystacks = new WeakMap<ContainerSummary, string>();
export function haystack(c: ContainerSummary): string {
  let text = haystacks.get(c);
  if (text === undefined) {
    text = [c.name, c.id.slice(0, 12), c.stack ?? '', c.service ?? '', c.hostName, c.image]
      .join('\u0000')
      .toLowerCase();
    haystacks.set(c, text);
  }
  return text;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const text = (a: string | null, b: string | null): number => {
  // Empty values last, whichever way the column sorts.
  if (!a || !b) return a === b ? 0 : a ? -1 : 1;
  return collator.compare(a, b);
};
const time = (iso: string | null): number => (iso ? Date.parse(iso) || 0 : 0);

const comparators: Record<string, (a: ContainerSummary, b: ContainerSummary) => number> = {
  name: (a, b) => text(a.name, b.name),
  stack: (a, b) => text(a.stack, b.stack),
  service: (a, b) => text(serviceShortName(a), serviceShortName(b)),
  host: (a, b) => text(a.hostName, b.hostName),
  state: (a, b) => stateOrder.indexOf(a.state) - stateOrder.indexOf(b.state),
  image: (a, b) => text(imageName(a.image), imageName(b.image)),
  // Ascending uptime: the newest first; containers that don't run come last.
  uptime: (a, b) => {
    if (!a.startedAt || !b.startedAt) return a.startedAt === b.startedAt ? 0 : a.startedAt ? -1 : 1;
    return time(b.startedAt) - time(a.startedAt);
  },
  status: (a, b) => text(a.status, b.status),
};

export function sortContainers(
  items: readonly ContainerSummary[],
  sort: TableSort,
): ContainerSummary[] {
  const compare = comparators[sort.column] ?? comparators.name!;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...items].sort(
    (a, b) =>
      sign * compare(a, b) ||
      text(a.name, b.name) ||
      text(a.hostName, b.hostName) ||
      a.id.localeCompare(b.id),
  );
}

/**
 * Docker's status without the part that goes stale: for a running container its "Up 5 minutes"
 * is the Uptime column's job (which ticks), so only the health remains.
 */
export function statusText(c: ContainerSummary): string {
  if (c.state !== 'running') return c.status;
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(c.status)?.[1];
  if (health === 'health: starting') return 'Up · health check starting';
  return health ? `Up · ${health}` : 'Up';
}

/** "42s", "12m 05s", "3h 12m", "5d 3h". */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  const d = Math.floor(h / 24);
  return `${d}d ${h % 24}h`;
}
