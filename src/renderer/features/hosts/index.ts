// The hosts feature's public face: what other features may use.
export { AddHostWizard } from './AddHostWizard';
export { HostsSection } from './HostsSection';
export { HostPage } from './HostPage';
export { HostDialogs } from './HostDialogs';
export type { ConnectionForm } from './addHostForm';
