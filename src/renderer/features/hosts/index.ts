// The hosts feature's public face: what other features may use.
export { AddHostWizard } from './AddHostWizard';
export { HostsSection } from './HostsSection';
export type { ConnectionForm } from './addHostForm';
