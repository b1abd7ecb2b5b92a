// The settings feature's public face: what the shell and other features may use.
export { SettingsPage } from './SettingsPage';
