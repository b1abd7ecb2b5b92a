// The containers feature's public face: what the shell and other features may use.
export { ContainersPage } from './ContainersPage';
