// The monitoring feature's public face: what the shell and other features may use. The charts
// (and their library) load when a page with charts is first opened; the live figures and
// sparklines on cards are plain SVG.
import { lazy } from 'react';

export { HostLive, ServiceLive } from './HostLive';
export const MonitoringPage = lazy(() =>
  import('./MonitoringPage').then((m) => ({ default: m.MonitoringPage })),
);
export const EntityCharts = lazy(() =>
  import('./EntityCharts').then((m) => ({ default: m.EntityCharts })),
);
