// The alerts feature's public face: what the shell and other features may use.
export { AlertsPage } from './AlertsPage';
export { AlertStatus } from './AlertDetailsDialog';
export { subjectHref } from './actions';
