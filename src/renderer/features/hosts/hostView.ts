// How hosts are worded and coloured across the console: state, role, address, capabilities.
import type { Host, HostCapabilities, HostState, SwarmRole } from '../../../shared/types';
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

/** "root@10.0.0.5:22". */
export function sshAddress(user: string, address: string, port: number): string {
  return `${user}@${address.includes(':') ? `[${address}]` : address}:${port}`;
}

export function hostAddress(host: Host): string {
  return sshAddress(host.user, host.address, host.port);
}

export function jumpAddress(host: Host): string | null {
  return host.jump ? sshAddress(host.jump.user, host.jump.address, host.jump.port) : null;
}

export interface CapabilityView {
  id: keyof HostCapabilities;
  ok: boolean;
  /** Short, for a chip. */
  label: string;
  /** What it means for stacks on this host. */
  detail: string;
}

export function capabilityViews(c: HostCapabilities): CapabilityView[] {
  return [
    {
      id: 'overlay',
      ok: c.overlay,
      label: c.overlay ? 'Overlay networks' : 'No overlay networks',
      detail: c.overlay
        ? 'VXLAN is available: overlay networks span hosts.'
        : 'No VXLAN in the kernel: services on this host cannot join overlay networks across hosts.',
    },
    {
      id: 'routingMesh',
      ok: c.routingMesh,
      label: c.routingMesh ? 'Routing mesh' : 'No routing mesh: host-mode ports',
      detail: c.routingMesh
        ? 'IPVS is available: published ports answer on every host.'
        : 'No IPVS in the kernel: ports are published in host mode and endpoints use DNS round robin.',
    },
    {
      id: 'encryptedOverlay',
      ok: c.encryptedOverlay,
      label: c.encryptedOverlay ? 'Encrypted overlays' : 'No encrypted overlays',
      detail: c.encryptedOverlay
        ? 'ESP is available: overlay traffic can be encrypted.'
        : 'No ESP in the kernel: encrypted overlay networks do not carry traffic here.',
    },
  ];
}
