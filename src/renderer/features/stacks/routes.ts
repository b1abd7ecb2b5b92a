// Stacks routes within `#/stacks/<section>`: the list, `~new`, `~topology`, a stack by name, and
// a stack's tab as `<name>~<tab>`. Stack names cannot contain "~", so nothing collides.
import { hrefFor, navigate } from '../../lib/router';

export type StackTab = 'services' | 'lbs' | 'topology' | 'compose' | 'history' | 'edit';

export type StacksRoute =
  | { view: 'list'; tab: 'stacks' | 'topology' }
  | { view: 'new' }
  | { view: 'stack'; name: string; tab: StackTab };

const TABS: StackTab[] = ['services', 'lbs', 'topology', 'compose', 'history', 'edit'];

export function parseSection(section: string | null): StacksRoute {
  if (!section) return { view: 'list', tab: 'stacks' };
  if (section === '~new') return { view: 'new' };
  if (section === '~topology') return { view: 'list', tab: 'topology' };
  const [name = '', tab = 'services'] = section.split('~');
  return {
    view: 'stack',
    name,
    tab: (TABS as string[]).includes(tab) ? (tab as StackTab) : 'services',
  };
}

export function stackHref(name?: string, tab?: StackTab): string {
  if (!name) return hrefFor('stacks');
  return hrefFor('stacks', tab && tab !== 'services' ? `${name}~${tab}` : name);
}

export const goToStack = (name: string, tab?: StackTab) =>
  navigate('stacks', tab && tab !== 'services' ? `${name}~${tab}` : name);
export const goToList = (tab?: 'topology') => navigate('stacks', tab ? '~topology' : undefined);
export const goToNew = () => navigate('stacks', '~new');
