// The containers feature's public face: what the shell and other features may use.
export { ContainersRoute } from './ContainersRoute';
export {
  stateLabel as containerStateLabel,
  stateTone as containerStateTone,
} from './containerView';
