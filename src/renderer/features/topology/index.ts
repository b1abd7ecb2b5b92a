// The topology feature's public face: what other features may use. The graph and its layout
// engine load when a topology is first opened.
import { lazy } from 'react';

export const TopologyView = lazy(() =>
  import('./TopologyView').then((m) => ({ default: m.TopologyView })),
);
