// Load balancers for the contract: every LB of an environment (or a stack) with its two tiers'
// task counts and each rule's backend health. LBs are created and changed by deploying their
// stack (the x-drover-lb service of its compose document); this only reads.
import type Docker from 'dockerode';
import { describeHosts, listenPorts } from '../../shared/lb.js';
import type { LbTierInfo, LoadBalancerInfo } from '../../shared/types.js';
import type { HostConnections } from '../hosts/connections.js';
import type { HostRepository } from '../hosts/repository.js';
import type { ManagerAccess } from '../swarm/gateway.js';
import { lbSpecOf } from './adopt.js';
import { backendName } from './haproxy.js';
import { LABEL_LB, LABEL_LB_TIER } from './labels.js';
import { parseStats, readStats } from './health.js';
import {
  snapshot,
  desiredCount,
  isRunning,
  type RawService,
  type RawTask,
} from '../swarm/objects.js';
import { LABEL_IMAGE, LABEL_NAMESPACE } from '../swarm/labels.js';

export interface LbServiceDeps {
  hosts: HostRepository;
  swarm: ManagerAccess;
  connections: HostConnections;
}

export class LbService {
  constructor(private readonly d: LbServiceDeps) {}

  async list(environmentId: number, stack?: string): Promise<LoadBalancerInfo[]> {
    const docker = this.d.swarm.manager(environmentId);
    const { services, tasks } = await snapshot(docker, {
      label: [LABEL_LB, ...(stack ? [`${LABEL_NAMESPACE}=${stack}`] : [])],
    });
    const tier = (s: RawService): LbTierInfo => {
      const own = tasks.filter((t) => t.ServiceID === s.ID);
      return {
        service: s.Spec.Name,
        running: own.filter(isRunning).length,
        desired: desiredCount(s, own),
      };
    };
    const result: LoadBalancerInfo[] = [];
    for (const rules of services) {
      const spec = lbSpecOf(rules);
      if (!spec) continue;
      const labels = rules.Spec.Labels ?? {};
      const stackName = labels[LABEL_NAMESPACE] ?? '';
      const edge = services.find(
        (s) =>
          s.Spec.Labels?.[LABEL_NAMESPACE] === stackName &&
          s.Spec.Labels?.[LABEL_LB] === spec.name &&
          s.Spec.Labels?.[LABEL_LB_TIER] === 'edge',
      );
      const health = await this.health(environmentId, rules, tasks);
      result.push({
        stack: stackName,
        name: spec.name,
        image: labels[LABEL_IMAGE] ?? '',
        hosts: describeHosts(spec.hosts),
        ports: listenPorts(spec),
        stickyCookie: spec.stickyCookie ?? null,
        statsPort: spec.statsPort ?? null,
        edge: edge ? tier(edge) : null,
        rules: tier(rules),
        ruleInfo: spec.rules.map((rule, index) => {
          const servers = health.servers?.get(backendName(index, rule)) ?? [];
          return {
            ...rule,
            host: rule.host ?? null,
            path: rule.path ?? null,
            certificate: rule.certificate ?? null,
            up: health.servers ? servers.filter((s) => s.status.startsWith('UP')).length : null,
            total: health.servers ? servers.length : null,
            servers,
          };
        }),
        healthError: health.error,
      });
    }
    return result.sort((a, b) => `${a.stack}/${a.name}`.localeCompare(`${b.stack}/${b.name}`));
  }

  /** The stats of one running rules task (each task checks every backend itself). */
  private async health(environmentId: number, rules: RawService, tasks: RawTask[]) {
    const running = tasks.filter(
      (t) => t.ServiceID === rules.ID && isRunning(t) && t.Status?.ContainerStatus?.ContainerID,
    );
    if (!running.length) return { servers: undefined, error: 'no rules task is running' };
    let error = 'no host of a running rules task is connected';
    for (const task of running) {
      const docker = this.nodeDocker(environmentId, task.NodeID);
      if (!docker) continue;
      try {
        const text = await readStats(docker, task.Status!.ContainerStatus!.ContainerID!);
        return { servers: parseStats(text), error: null };
      } catch (e) {
        error = `reading HAProxy's stats failed: ${(e as Error).message}`;
      }
    }
    return { servers: undefined, error };
  }

  private nodeDocker(environmentId: number, nodeId: string | undefined): Docker | undefined {
    const host = this.d.hosts.list(environmentId).find((h) => h.nodeId && h.nodeId === nodeId);
    if (!host) return undefined;
    try {
      return this.d.connections.connected(host.id).docker();
    } catch {
      return undefined;
    }
  }
}
