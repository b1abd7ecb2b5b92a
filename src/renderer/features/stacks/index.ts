// The stacks feature's public face: what the shell and other features may use.
export { StacksPage } from './StacksPage';
export { stackHref } from './routes';
