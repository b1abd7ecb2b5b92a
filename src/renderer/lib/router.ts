// A tiny hash router: `#/<page>` or `#/<page>/<section>`. Hash URLs work the same from
// file:// (Electron) and http:// (web mode), and links stay real links.
import { useSyncExternalStore } from 'react';

export const pages = [
  'hosts',
  'stacks',
  'containers',
  'metrics',
  'alerts',
  'audit',
  'settings',
] as const;
export type PageId = (typeof pages)[number];

export interface Route {
  page: PageId;
  section: string | null;
}

const DEFAULT_PAGE: PageId = 'hosts';

function isPage(value: string): value is PageId {
  return (pages as readonly string[]).includes(value);
}

/** Pages renamed to the glossary's words: their old links (bookmarks, notifications) still work. */
const renamed: Record<string, PageId> = { events: 'alerts', monitoring: 'metrics' };

let cachedHash: string | null = null;
let cachedRoute: Route = { page: DEFAULT_PAGE, section: null };

function currentRoute(): Route {
  const hash = window.location.hash;
  if (hash !== cachedHash) {
    cachedHash = hash;
    const [written = '', section = ''] = hash.replace(/^#\/?/, '').split('/');
    const page = renamed[written] ?? written;
    cachedRoute = isPage(page)
      ? { page, section: section ? decodeURIComponent(section) : null }
      : { page: DEFAULT_PAGE, section: null };
  }
  return cachedRoute;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, currentRoute);
}

export function hrefFor(page: PageId, section?: string): string {
  return section ? `#/${page}/${encodeURIComponent(section)}` : `#/${page}`;
}

export function navigate(page: PageId, section?: string): void {
  window.location.hash = hrefFor(page, section).slice(1);
}

/** A host's page: `#/hosts/<id>` (host ids are numbers; other sections are words). */
export const hostHref = (hostId: number): string => hrefFor('hosts', String(hostId));

export function parseHostSection(section: string | null): number | null {
  return section && /^\d+$/.test(section) ? Number(section) : null;
}

export type ContainerTab = 'details' | 'logs' | 'shell';
const containerTabs: readonly ContainerTab[] = ['details', 'logs', 'shell'];

/** A container's page: `#/containers/<host id>~<container id>[~<tab>]` ("~" is in no id). */
export function containerHref(hostId: number, containerId: string, tab?: ContainerTab): string {
  const parts = [String(hostId), containerId, tab && tab !== 'details' ? tab : ''];
  return hrefFor('containers', parts.filter(Boolean).join('~'));
}

export function parseContainerSection(
  section: string | null,
): { hostId: number; containerId: string; tab: ContainerTab } | null {
  const [host = '', id = '', tab = 'details'] = (section ?? '').split('~');
  if (!/^\d+$/.test(host) || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(id)) return null;
  const known = (containerTabs as readonly string[]).includes(tab);
  return { hostId: Number(host), containerId: id, tab: known ? (tab as ContainerTab) : 'details' };
}
