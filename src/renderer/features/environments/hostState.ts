import type { HostState, SwarmRole } from '../../../shared/types';
import type { Tone } from '../../components/Badge';

export const hostStateView: Record<HostState, { label: string; tone: Tone; pulse?: boolean }> = {
  new: { label: 'New', tone: 'neutral' },
  connecting: { label: 'Connecting', tone: 'info', pulse: true },
  connected: { label: 'Connected', tone: 'ok' },
  unreachable: { label: 'Unreachable', tone: 'error' },
  'auth-failed': { label: 'Authentication failed', tone: 'error' },
  'host-key-mismatch': { label: 'Host key mismatch', tone: 'error' },
};

export const roleView: Record<SwarmRole, { label: string; tone: Tone }> = {
  manager: { label: 'Manager', tone: 'accent' },
  worker: { label: 'Worker', tone: 'neutral' },
  none: { label: 'Not in Swarm', tone: 'neutral' },
};
