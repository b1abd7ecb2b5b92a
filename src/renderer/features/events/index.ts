// The events feature's public face: what the shell and other features may use.
export { EventsPage } from './EventsPage';
export { AlertStatus } from './AlertDetailsDialog';
export { subjectHref } from './actions';
