// Alerts: thresholds that matter to an operator, raised when crossed long enough and resolved
// when back. Shared by the core, the renderer and the CLI (types, the thresholds schema).
import { z } from 'zod';

export const alertKinds = [
  'host-unreachable',
  'host-cpu',
  'host-memory',
  'container-restarting',
  'service-below-desired',
  'quorum-at-risk',
] as const;
export type AlertKind = (typeof alertKinds)[number];

export type AlertSeverity = 'critical' | 'warning';
export type AlertState = 'open' | 'resolved';

/** What an alert is about; links in the UI go to it. */
export interface AlertSubject {
  type: 'host' | 'service' | 'container' | 'swarm';
  /** Host id, service name (<stack>_<service>), container name, or 'swarm' (its managers). */
  id: string;
  name: string;
  /** The stack of a service or task container, for the link to its page. */
  stack: string | null;
}

export interface Alert {
  id: number;
  environmentId: number;
  kind: AlertKind;
  severity: AlertSeverity;
  subject: AlertSubject;
  /** One line an operator can act on, e.g. "drvlab3 unreachable: The SSH connection was lost". */
  message: string;
  state: AlertState;
  /** When the condition began (it is raised only after lasting the threshold's duration). */
  since: string;
  raisedAt: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export type AlertChange = 'raised' | 'resolved' | 'acknowledged';

export interface AlertChanged {
  change: AlertChange;
  alert: Alert;
}

const seconds = (max: number) =>
  z.number().int('Use whole seconds').min(1, 'At least 1 s').max(max, `At most ${max} s`);
const percent = z.number().min(1, 'At least 1 %').max(100, 'At most 100 %');

/** Per environment. Durations in seconds: a condition must last this long before it raises. */
export const alertThresholdsSchema = z
  .object({
    hostUnreachableSeconds: seconds(3_600),
    cpuPercent: percent,
    cpuSeconds: seconds(86_400),
    memoryPercent: percent,
    memorySeconds: seconds(86_400),
    /** Restarts (exits not asked for) of one service's tasks, or one container, in the window. */
    restartCount: z
      .number()
      .int('Use a whole number')
      .min(2, 'At least 2')
      .max(1_000, 'At most 1000'),
    restartWindowSeconds: seconds(86_400),
    belowDesiredSeconds: seconds(86_400),
  })
  .strict();
export type AlertThresholds = z.infer<typeof alertThresholdsSchema>;

export const defaultAlertThresholds: AlertThresholds = {
  hostUnreachableSeconds: 15,
  cpuPercent: 90,
  cpuSeconds: 300,
  memoryPercent: 90,
  memorySeconds: 300,
  restartCount: 3,
  restartWindowSeconds: 300,
  belowDesiredSeconds: 60,
};

export const alertKindLabels: Record<AlertKind, string> = {
  'host-unreachable': 'Host unreachable',
  'host-cpu': 'Host CPU high',
  'host-memory': 'Host memory high',
  'container-restarting': 'Restarting in a loop',
  'service-below-desired': 'Below desired replicas',
  'quorum-at-risk': 'Swarm quorum at risk',
};

/** The words of a notification (desktop or in-app) about an alert that was raised or resolved. */
export function alertNotice(change: AlertChange, alert: Alert): { title: string; body: string } {
  const label = alertKindLabels[alert.kind];
  if (change === 'resolved') return { title: `Resolved: ${label}`, body: alert.subject.name };
  return { title: `${label}: ${alert.subject.name}`, body: alert.message };
}
