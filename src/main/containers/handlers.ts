// Contract handlers for containers, logs and exec shells; spread into the core's handler table.
import type { AuditTargets, Handlers } from '../rpc/dispatcher.js';
import type { HostRepository } from '../hosts/repository.js';
import type { SwarmGateway } from '../swarm/gateway.js';
import { containerDetails } from './inspect.js';
import type { ContainerService } from './service.js';

type ContainerHandlers = Pick<
  Handlers,
  | 'container.list'
  | 'container.inspect'
  | 'container.remove'
  | 'logs.open'
  | 'exec.open'
  | 'exec.input'
  | 'exec.resize'
  | 'stream.close'
>;

export function containerHandlers(
  containers: ContainerService,
  hosts: HostRepository,
  swarm: SwarmGateway,
): ContainerHandlers {
  return {
    'container.list': ({ environmentId }) => containers.list(environmentId),
    'container.inspect': ({ environmentId, hostId, id }) =>
      containerDetails(containers.hostDocker(environmentId, hostId), hosts.get(hostId), id, () =>
        swarm.manager(environmentId),
      ),
    'container.remove': async (args) => {
      await containers.remove(args);
      return null;
    },
    'logs.open': (args, ctx) => containers.openLogs(args, ctx),
    'exec.open': (args, ctx) => containers.openExec(args, ctx),
    'exec.input': ({ streamId, data }, ctx) => {
      containers.streams.input(streamId, data, ctx);
      return null;
    },
    'exec.resize': async ({ streamId, cols, rows }, ctx) => {
      await containers.streams.resize(streamId, cols, rows, ctx);
      return null;
    },
    'stream.close': ({ streamId }, ctx) => {
      containers.streams.close(streamId, ctx);
      return null;
    },
  };
}

/** Audit targets: the container (host/short id) or the service whose logs or shell were opened. */
export function containerAuditTargets(hosts: HostRepository): AuditTargets {
  const where = (hostId: number, id: string) => `${hosts.get(hostId).name}/${id.slice(0, 12)}`;
  return {
    'logs.open': ({ container, service }) =>
      container ? where(container.hostId, container.id) : (service ?? ''),
    'exec.open': ({ hostId, containerId }) => where(hostId, containerId),
    'container.remove': ({ hostId, containerId }) => where(hostId, containerId),
  };
}
