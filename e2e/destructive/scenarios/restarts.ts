// Scenario 10: a host's dockerd restarted. Its tasks come back, and the console's streams (the
// host's event stream behind the container list, its metrics sampler, a service's followed logs)
// resume without anything reopened by the client.
import { expect, it } from 'vitest';
import { until } from '../../support/wait';
import { createSink } from '../../../src/main/rpc/sink';
import type { StreamData, StreamEnd } from '../../../src/shared/types';
import { figure, secondsSince } from '../support/figure';
import { hostDocker, restartHost } from '../support/lab-faults';
import { ctx, STACK, workers, type Cluster } from '../support/cluster';

export function restartScenarios(cluster: () => Cluster): void {
  it('10. dockerd restarted: tasks back, events, sampler and followed logs resume', async (context) => {
    const c = cluster();
    const host = workers[1]!;
    const hostId = c.core.services.hosts
      .list(c.environmentId)
      .find((h) => h.name === host.name)!.id;
    const data: (StreamData & { at: number })[] = [];
    const ended: StreamEnd[] = [];
    const owned = createSink((e) => {
      if (e.event === 'stream.data') data.push({ ...(e.payload as StreamData), at: Date.now() });
      if (e.event === 'stream.end') ended.push(e.payload as StreamEnd);
    });
    const { streamId } = await c.core.call(
      'logs.open',
      {
        environmentId: c.environmentId,
        service: `${STACK}_ticker`,
        follow: true,
        tail: 0,
        timestamps: false,
      },
      { ...ctx, sink: owned.sink },
    );
    try {
      const restartedAt = Date.now();
      restartHost(host);
      const restartS = secondsSince(restartedAt);
      const backAt = Date.now();
      // Tasks back on the host, and the console lists exactly what its Docker runs.
      const running = () =>
        hostDocker(
          host,
          'ps',
          '-q',
          '--no-trunc',
          '--filter',
          `label=com.docker.stack.namespace=${STACK}`,
        )
          .trim()
          .split('\n')
          .filter(Boolean)
          .sort();
      await until(
        async () => {
          const onHost = running();
          if (!onHost.length) return false;
          const list = await c.core.call('container.list', { environmentId: c.environmentId }, ctx);
          const shown = list.containers
            .filter((x) => x.hostId === hostId && x.stack === STACK && x.state === 'running')
            .map((x) => x.id)
            .sort();
          return (
            list.hosts.find((h) => h.hostId === hostId)?.state === 'live' &&
            JSON.stringify(shown) === JSON.stringify(onHost)
          );
        },
        `the console lists what ${host.name} runs again`,
        60_000,
        200,
      );
      const listedS = secondsSince(backAt);
      // The sampler: a fresh sample of the host after the restart.
      await until(
        () => {
          const point = c.core.services.metrics
            .latest(c.environmentId)
            .hosts.find((h) => h.hostId === hostId)?.point;
          return point !== undefined && point.t > backAt;
        },
        `a new metrics sample from ${host.name}`,
        30_000,
        200,
      );
      const sampledS = secondsSince(backAt);
      // The followed logs carry the restarted tasks' output, on the same stream.
      await until(
        () =>
          data.some(
            (d) => d.streamId === streamId && d.at > backAt && d.source?.endsWith(`@${host.name}`),
          ),
        `log lines from ${host.name}'s new tasks on the open stream`,
        60_000,
        200,
      );
      const logsS = secondsSince(backAt);
      figure(
        context,
        `restart took ${restartS} s; then listed in ${listedS} s, sampled in ${sampledS} s, logs in ${logsS} s`,
      );
      expect(ended.filter((e) => e.streamId === streamId)).toEqual([]);
    } finally {
      owned.close();
    }
  });
}
