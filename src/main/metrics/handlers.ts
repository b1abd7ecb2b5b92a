// Contract handlers for metrics; spread into the core's handler table.
import { DroverError } from '../../shared/errors.js';
import type { HostRepository } from '../hosts/repository.js';
import type { Handlers } from '../rpc/dispatcher.js';
import type { MetricsService } from './service.js';

type MetricsHandlers = Pick<Handlers, 'metrics.latest' | 'metrics.series' | 'metrics.top'>;

export function metricsHandlers(metrics: MetricsService, hosts: HostRepository): MetricsHandlers {
  return {
    'metrics.latest': ({ environmentId }) => metrics.latest(environmentId),
    'metrics.series': ({ environmentId, entity, range, window }) => {
      if (entity.kind === 'host') {
        const hostId = Number(entity.id);
        if (!Number.isInteger(hostId) || hosts.get(hostId).environmentId !== environmentId)
          throw new DroverError('NOT_FOUND', `Host #${entity.id} is not in this environment`);
      }
      return metrics.series(environmentId, entity, range, window);
    },
    'metrics.top': ({ environmentId, metric, kind, limit }) =>
      metrics.top(environmentId, metric, kind, limit),
  };
}
