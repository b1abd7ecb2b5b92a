// The monitoring feature's public face: what the shell and other features may use.
export { MonitoringPage } from './MonitoringPage';
export { HostLive, ServiceLive } from './HostLive';
export { EntityCharts } from './EntityCharts';
