// The environments feature's public face: what the shell and other features may use.
export { HostsRoute } from './HostsRoute';
