import type { ShellKind } from '../../../shared/types';

export const shellLabel: Record<ShellKind, string> = {
  electron: 'Desktop',
  web: 'Web',
  cli: 'CLI',
};
