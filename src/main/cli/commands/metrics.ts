// drover metrics (first named stats, as docker's): the latest figures of an environment's hosts and containers, from the samplers
// (started on demand: the first rates come after two ticks).
import { formatBytes, formatRate } from '../../../shared/format.js';
import type { ContainerMetrics, HostMetrics, MetricsBatch } from '../../../shared/metrics.js';
import { UsageError, type Command, type CoreFactory } from '../command.js';
import { printList } from '../output.js';
import { parseOptions, withCore } from '../run.js';

const pct = (v: number) => `${v.toFixed(1)}%`;

/** What --json prints: plain numbers (bytes, bytes/s, %), one object per host and container. */
function asJson(batch: MetricsBatch, hosts: HostMetrics[], containers: ContainerMetrics[]) {
  return {
    hosts: hosts.map((h) => ({
      name: h.hostName,
      source: batch.sources.find((s) => s.hostId === h.hostId)?.source ?? 'none',
      ...h.point,
      cores: h.detail.cores,
      load: h.detail.load,
    })),
    containers: containers.map((c) => ({
      id: c.id,
      name: c.name,
      host: c.hostName,
      service: c.service,
      stack: c.stack,
      cpuLimit: c.cpuLimit,
      ...c.point,
    })),
  };
}

export function metricsCommand(openCore: CoreFactory): Command {
  return {
    name: 'metrics',
    aliases: ['stats'],
    summary: 'latest CPU, memory, network and disk figures of hosts and containers',
    usage: 'drover metrics [--env ENV] [--host NAME] [--container ID|NAME] [--json]',
    async run(args, globals, io) {
      const { values } = parseOptions(
        args,
        {
          env: { type: 'string' },
          host: { type: 'string' },
          container: { type: 'string' },
        },
        false,
      );
      return withCore(openCore, globals, async ({ core, ctx, environment: find, connect }) => {
        const environment = await find(values.env);
        const known = core.services.hosts.list(environment.id);
        if (values.host && !known.some((h) => h.name === values.host))
          throw new UsageError(`No host named "${values.host}" in ${environment.name}`);
        await connect(environment);
        await core.services.metrics.settled(environment.id, 15_000);
        const batch = await core.call('metrics.latest', { environmentId: environment.id }, ctx);
        const hosts = batch.hosts.filter((h) => !values.host || h.hostName === values.host);
        const wanted = values.container;
        const containers = batch.containers.filter(
          (c) =>
            (!values.host || c.hostName === values.host) &&
            (!wanted || c.id.startsWith(wanted) || c.name === wanted),
        );
        if (wanted && containers.length === 0)
          throw new UsageError(`No running container "${wanted}" with figures`);
        if (globals.json) {
          io.out(JSON.stringify(asJson(batch, hosts, containers), null, 2));
          return 0;
        }
        const table = { ...globals, json: false };
        if (!wanted) {
          const source = (h: HostMetrics) =>
            batch.sources.find((s) => s.hostId === h.hostId)?.source ?? 'none';
          printList(
            hosts,
            [
              ['HOST', (h) => h.hostName],
              ['SOURCE', source],
              ['CPU', (h) => pct(h.point.cpuPct)],
              ['LOAD', (h) => h.point.load1.toFixed(2)],
              ['MEM USED', (h) => formatBytes(h.point.memUsed)],
              ['CACHE', (h) => formatBytes(h.point.memCache)],
              ['AVAIL', (h) => formatBytes(h.point.memAvailable)],
              ['SWAP', (h) => formatBytes(h.point.swapUsed)],
              ['NET RX', (h) => formatRate(h.point.netRx)],
              ['NET TX', (h) => formatRate(h.point.netTx)],
              ['DISK R', (h) => formatRate(h.point.diskRead)],
              ['DISK W', (h) => formatRate(h.point.diskWrite)],
              ['FS USED', (h) => `${formatBytes(h.point.fsUsed)} / ${formatBytes(h.point.fsSize)}`],
            ],
            table,
            io,
          );
          io.out('');
        }
        printList(
          containers,
          [
            ['CONTAINER', (c) => c.name],
            ['HOST', (c) => c.hostName],
            ['SERVICE', (c) => c.service],
            ['CPU', (c) => `${c.point.cpuCores.toFixed(2)} (${pct(c.point.cpuPct)})`],
            ['MEM', (c) => formatBytes(c.point.memUsage)],
            ['LIMIT', (c) => formatBytes(c.point.memLimit)],
            ['CACHE', (c) => formatBytes(c.point.memCache)],
            ['NET RX', (c) => (c.hostNetwork ? 'host' : formatRate(c.point.netRx))],
            ['NET TX', (c) => (c.hostNetwork ? 'host' : formatRate(c.point.netTx))],
            ['BLK R', (c) => formatRate(c.point.blkRead)],
            ['BLK W', (c) => formatRate(c.point.blkWrite)],
          ],
          table,
          io,
        );
        return 0;
      });
    },
  };
}
