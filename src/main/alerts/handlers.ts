// Contract handlers for alerts; spread into the core's handler table.
import { alertKindLabels } from '../../shared/alerts.js';
import type { EnvironmentRepository } from '../environments/repository.js';
import type { EventBus } from '../events/bus.js';
import type { AuditTargets, Handlers } from '../rpc/dispatcher.js';
import type { SettingsRepository } from '../settings/repository.js';
import type { AlertService } from './service.js';

type AlertHandlers = Pick<
  Handlers,
  'alert.list' | 'alert.acknowledge' | 'alert.thresholds' | 'alert.setThresholds'
>;

export function alertHandlers(
  alerts: AlertService,
  settings: SettingsRepository,
  environments: EnvironmentRepository,
  events: EventBus,
): AlertHandlers {
  return {
    'alert.list': (query) => alerts.list(query),
    'alert.acknowledge': ({ ids }, ctx) => alerts.acknowledge(ids, ctx.actor),
    'alert.thresholds': ({ environmentId }) => {
      environments.get(environmentId); // NOT_FOUND for an unknown one
      return settings.alertThresholds(environmentId);
    },
    'alert.setThresholds': ({ environmentId, thresholds }) => {
      environments.get(environmentId);
      const saved = settings.setAlertThresholds(environmentId, thresholds);
      events.publish('alert.thresholds', { environmentId, thresholds: saved });
      return saved;
    },
  };
}

export function alertAuditTargets(
  alerts: AlertService,
  environments: EnvironmentRepository,
): AuditTargets {
  const named = (id: number) => {
    const alert = alerts.get(id);
    return `${alertKindLabels[alert.kind]}: ${alert.subject.name} (#${id})`;
  };
  return {
    'alert.acknowledge': ({ ids }) => ids.map(named).join(', '),
    'alert.setThresholds': ({ environmentId }) => environments.get(environmentId).name,
  };
}
