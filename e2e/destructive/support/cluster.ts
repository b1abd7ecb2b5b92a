// The one Swarm every destructive scenario runs against: 3 managers and 2 workers from
// DROVER_DESTRUCTIVE_HOSTS, a stack of whoami replicas behind a load balancer, and a console.
// Formed once (forming a Swarm of five costs ~30 s), left as found at the end.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { addLabHosts, testerContext } from '../../support/core';
import {
  blockSsh,
  leaveSwarm,
  pickHosts,
  readLab,
  type Lab,
  type LabHost,
} from '../../support/lab';
import { setLink } from './lab-faults';
import { until } from '../../support/wait';
import { createCore, type Core } from '../../../src/main/core/core';
import { TempDirs } from '../../../src/main/test-support';

export const lab: Lab = readLab();
/** Managers first: hosts[0..2] are managers, hosts[3..4] workers. */
export const hosts = pickHosts(lab, 'DROVER_DESTRUCTIVE_HOSTS', 5);
export const managers = hosts.slice(0, 3);
export const workers = hosts.slice(3);
export const ctx = testerContext;
export const dirs = new TempDirs();

export const STACK = 'shop';
export const LB_PORT = 18080;
export const shopCompose = `services:
  web:
    image: ${lab.images.whoami}
    deploy:
      replicas: 5
  # One task per host printing a line a second: what a followed log stream must keep carrying.
  ticker:
    image: ${lab.images.whoami}
    command: ['sh', '-c', 'while :; do echo tick; sleep 1; done']
    stop_grace_period: 1s
    deploy:
      mode: global
  lb:
    image: ${lab.images.haproxy}
    x-drover-lb:
      hosts: all
      rules:
        - {listen: ${LB_PORT}, protocol: http, target: web, port: 80}
`;

/** The cluster's console data directory (the same folder across console restarts). */
export const dataDir = path.join(dirs.make('drover-destructive-'), 'data');

export interface Cluster {
  core: Core;
  environmentId: number;
}

/** An in-process core on the data directory (holds it while open, as any console does). */
export function openCore(dir = dataDir): Core {
  return createCore({
    dataDir: dir,
    shell: 'cli',
    connectHosts: true,
    knownHostsFile: lab.knownHosts,
  });
}

export async function formCluster(): Promise<Cluster> {
  leaveSwarm(lab, hosts);
  const core = openCore();
  const environmentId = await addLabHosts(core, lab, hosts, ctx);
  const byName = new Map(core.services.hosts.list(environmentId).map((h) => [h.name, h]));
  for (const host of managers) {
    const added = byName.get(host.name)!;
    if (added.role !== 'manager')
      await core.call('host.setRole', { id: added.id, role: 'manager' }, ctx);
  }
  const deployed = await core.call(
    'stack.deploy',
    { environmentId, name: STACK, compose: shopCompose },
    ctx,
  );
  if (!deployed.converged) throw new Error(`The ${STACK} stack did not converge`);
  await until(async () => (await httpGet(hosts[0]!, LB_PORT)).ok, 'the LB answers', 60_000, 300);
  return { core, environmentId };
}

/** Takes every host out of the Swarm (restarting their dockerd, see leaveSwarm). */
export function dissolveCluster(): void {
  // Whatever a failed scenario left cut is restored first.
  for (const host of hosts) {
    blockSsh(host, false);
    setLink(host, 'up');
  }
  leaveSwarm(lab, hosts);
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  dirs.cleanup();
}

export interface Answer {
  ok: boolean;
  error?: string;
}

/** One HTTP GET to a lab host's port, with a 5 s deadline. */
export function httpGet(host: LabHost, port: number): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.get({ host: host.address, port, path: '/', timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve(res.statusCode === 200 ? { ok: true } : { ok: false, error: `${res.statusCode}` }),
      );
    });
    request.on('timeout', () => request.destroy(new Error('no answer in 5 s')));
    request.on('error', (error) => resolve({ ok: false, error: error.message }));
  });
}

/** Steady traffic to the LB on every host until stopped: how many requests, which failed. */
export function steadyTraffic(targets: LabHost[], port = LB_PORT) {
  let stopped = false;
  const failures: string[] = [];
  let total = 0;
  const loops = targets.map(async (host) => {
    while (!stopped) {
      const answer = await httpGet(host, port);
      total++;
      if (!answer.ok) failures.push(`${host.name}: ${answer.error}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return { total, failures };
    },
  };
}
