// The registries feature's public face: what other features may use.
export { RegistriesPanel } from './RegistriesPanel';
