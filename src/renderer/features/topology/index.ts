// The topology feature's public face: what other features may use.
export { TopologyView } from './TopologyView';
