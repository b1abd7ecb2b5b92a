// The audit feature's public face: what the shell and other features may use.
export { AuditPage } from './AuditPage';
