// Load balancers on the lab's real Swarm: 10 whoami replicas behind an LB on port 8080 of every
// host, scaled to 15 without touching the LB, a backend container stopped under load, a rule
// change rolled out under load, host rules to two services, export round trip, `drover lb ls`.
// Prints the measured numbers. Hosts: DROVER_LB_HOSTS (indices into lab.json, default "0,1,2").
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLabHosts, cliFor, testerContext } from '../../../e2e/support/core';
import { labSsh, leaveSwarm, pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import type { LoadBalancerInfo } from '../../shared/types';
import { createCore, type Core } from '../core/core';
import { loadCompose } from '../stacks/compose';
import { rebuildCompose } from '../stacks/inventory';
import { TempDirs } from '../test-support';
import { until } from '../../../e2e/support/wait';

const lab = readLab();
const hosts = pickHosts(lab, 'DROVER_LB_HOSTS', 3) as [LabHost, LabHost, LabHost];
const [a] = hosts;
const dirs = new TempDirs();
const dataDir = dirs.make('drover-lb-int-');
const work = dirs.make('drover-lb-files-');
const ctx = testerContext;
const drover = cliFor(dataDir);
const STACK = 'shop';
let core: Core;
let environmentId: number;

const manager = (): Docker => core.services.swarm.manager(environmentId);

interface Answer {
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
  /** The first Set-Cookie's name=value. */
  cookie?: string;
  /** The lab host asked (load()). */
  target?: string;
  at: number;
  /** How long the answer took. */
  ms?: number;
}

/** Per host: how long requests failed, first failure to last (seconds). */
function failureWindows(answers: Answer[]): string {
  return hosts
    .map((h) => {
      const failed = answers.filter((x) => x.target === h.name && !x.ok).map((x) => x.at);
      if (!failed.length) return `${h.name} none`;
      return `${h.name} ${((Math.max(...failed) - Math.min(...failed)) / 1000).toFixed(1)} s`;
    })
    .join(', ');
}

/**
 * One request on a fresh connection (no keep-alive: each request is a new client). Patient
 * (15 s): a failure is the LB's answer, not the test's hurry.
 */
function get(address: string, port: number, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: address,
        port,
        path: '/',
        agent: false,
        timeout: 15_000,
        headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({
            ok: response.statusCode === 200,
            status: response.statusCode,
            body: Buffer.concat(chunks).toString('utf8').trim(),
            cookie: response.headers['set-cookie']?.[0]?.split(';')[0],
            at: Date.now(),
          }),
        );
        response.on('error', (e) => resolve({ ok: false, error: e.message, at: Date.now() }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (e) => resolve({ ok: false, error: e.message, at: Date.now() }));
    request.end();
  });
}

/** Requests in parallel loops against every host until stop() (what a busy site sees). */
function load(port: number, loopsPerHost = 2) {
  const answers: Answer[] = [];
  let running = true;
  const loops = hosts.flatMap((h) =>
    [...Array(loopsPerHost).keys()].map(async () => {
      while (running) {
        const started = Date.now();
        const answer = await get(h.address, port);
        answers.push({ ...answer, target: h.name, ms: answer.at - started });
      }
    }),
  );
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
      return answers;
    },
  };
}

const failures = (answers: Answer[]) => answers.filter((x) => !x.ok);

/** Container hostnames (whoami's answers) of a service's running tasks. */
async function backendNames(service: string): Promise<Set<string>> {
  const tasks = (await manager().listTasks({
    filters: { service: [service], 'desired-state': ['running'] },
  })) as { Status?: { State?: string; ContainerStatus?: { ContainerID?: string } } }[];
  return new Set(
    tasks
      .filter((t) => t.Status?.State === 'running')
      .map((t) => t.Status!.ContainerStatus!.ContainerID!.slice(0, 12)),
  );
}

const version = async (service: string) =>
  ((await manager().getService(service).inspect()) as { Version: { Index: number } }).Version.Index;

function compose(rules: string): string {
  return `services:
  nginx-cluster:
    image: ${lab.images.whoami}
    deploy:
      replicas: 10
  other:
    image: ${lab.images.whoami}
    deploy:
      replicas: 2
  lb:
    image: ${lab.images.haproxy}
    x-drover-lb:
      hosts: all
      rules:
${rules}`;
}
const catchAll = '        - {listen: 8080, protocol: http, target: nginx-cluster, port: 80}\n';
const withHosts =
  '        - {listen: 8080, protocol: http, target: other, port: 80, host: other.test}\n' +
  '        - {listen: 8080, protocol: http, target: nginx-cluster, port: 80, host: web.test}\n' +
  catchAll;

beforeAll(async () => {
  for (const host of hosts) leaveSwarm(lab, host);
  core = createCore({ dataDir, shell: 'cli', connectHosts: true });
  environmentId = await addLabHosts(core, lab, hosts, ctx);
}, 120_000);

afterAll(async () => {
  core?.close();
  try {
    labSsh(lab, a, `docker stack rm ${STACK} labelled >/dev/null 2>&1 || true`);
  } catch {
    // The swarm goes away with the hosts leaving it.
  }
  for (const host of hosts) leaveSwarm(lab, host);
  dirs.cleanup();
});

describe('load balancers on the Swarm', () => {
  it('deploys an LB in front of 10 replicas: 200 requests to each host reach all 10, none fails', async () => {
    const file = path.join(work, 'shop.yml');
    fs.writeFileSync(file, compose(catchAll));
    const result = await drover('stack', 'deploy', '-f', file, STACK);
    expect(result.code, result.err).toBe(0);
    const names = await backendNames(`${STACK}_nginx-cluster`);
    expect(names.size).toBe(10);
    // Until the LB's DNS has seen every task, some may not be served yet.
    await until(
      async () => ((await get(a.address, 8080)).ok ? true : undefined),
      'the LB answers on port 8080',
      30_000,
      300,
    );
    for (const host of hosts) {
      const answers = await Promise.all(
        [...Array(200).keys()].map(async (i) => {
          await new Promise((r) => setTimeout(r, i * 5));
          return get(host.address, 8080);
        }),
      );
      expect(failures(answers), `${host.name}: ${JSON.stringify(failures(answers)[0])}`).toEqual(
        [],
      );
      const reached = new Set(answers.map((x) => x.body));
      expect([...reached].sort(), host.name).toEqual([...names].sort());
    }
  }, 240_000);

  it('reaches 15 backends after a scale to 15, with no LB redeploy', async () => {
    const before = [await version(`${STACK}_lb`), await version(`${STACK}_lb-rules`)];
    const started = Date.now();
    const scaled = await drover('service', 'scale', `${STACK}/nginx-cluster=15`);
    expect(scaled.code, scaled.err).toBe(0);
    const running = Date.now();
    const names = await backendNames(`${STACK}_nginx-cluster`);
    expect(names.size).toBe(15);
    const seen = new Set<string>();
    await until(
      async () => {
        const answers = await Promise.all(hosts.map((h) => get(h.address, 8080)));
        for (const x of answers) if (x.ok && x.body) seen.add(x.body);
        return [...names].every((n) => seen.has(n)) ? true : undefined;
      },
      'every backend has answered',
      30_000,
      300,
    );
    const reachedAfter = (Date.now() - running) / 1000;
    console.warn(
      `scale 10 → 15: all 15 backends served ${reachedAfter.toFixed(1)} s after the 15 tasks ran (${((Date.now() - started) / 1000).toFixed(1)} s after the scale began)`,
    );
    expect(reachedAfter).toBeLessThanOrEqual(15);
    expect([await version(`${STACK}_lb`), await version(`${STACK}_lb-rules`)]).toEqual(before);
  }, 180_000);

  it('lists the LB with its rules and 15 healthy backends (drover lb ls)', async () => {
    let last = '';
    const listed = await until(
      async () => {
        const run = await drover('lb', 'ls', '--json');
        expect(run.code, run.err).toBe(0);
        last = run.out;
        const lbs = JSON.parse(run.out) as LoadBalancerInfo[];
        return lbs[0]?.ruleInfo[0]?.up === 15 ? lbs : undefined;
      },
      'lb ls shows 15 backends up',
      20_000,
      300,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last answer: ${last}`);
    });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      stack: STACK,
      name: 'lb',
      hosts: 'all',
      ports: [8080],
      edge: { running: 3, desired: 3 },
      rules: { running: 2, desired: 2 },
      healthError: null,
    });
    expect(listed[0]!.ruleInfo[0]).toMatchObject({ target: 'nginx-cluster', up: 15, total: 15 });
    const table = await drover('lb', 'ls');
    expect(table.out).toMatch(
      /shop\/lb\s+all\s+3\/3\s+8080\/http\s+\*\s+nginx-cluster:80\s+15\/15 up/,
    );
  }, 60_000);

  it('keeps serving while a backend container is stopped (failures counted)', async () => {
    const victim = labSsh(
      lab,
      hosts[1],
      `docker ps -q --filter label=com.docker.swarm.service.name=${STACK}_nginx-cluster | head -1`,
    ).trim();
    expect(victim).not.toBe('');
    const traffic = load(8080);
    await new Promise((r) => setTimeout(r, 1000));
    const stoppedAt = Date.now();
    labSsh(lab, hosts[1], `docker stop ${victim} >/dev/null`);
    const stopSeconds = (Date.now() - stoppedAt) / 1000;
    await new Promise((r) => setTimeout(r, 5000));
    const answers = await traffic.stop();
    const failed = failures(answers);
    console.warn(
      `backend stopped under load: ${failed.length} failed of ${answers.length} requests (docker stop took ${stopSeconds.toFixed(1)} s)${failed.length ? `; first: ${failed[0]!.error ?? failed[0]!.status}` : ''}; slowest answer ${(Math.max(...answers.map((x) => x.ms ?? 0)) / 1000).toFixed(1)} s`,
    );
    expect(
      answers.filter((x) => x.at > stoppedAt + stopSeconds * 1000 + 3000).every((x) => x.ok),
    ).toBe(true);
  }, 120_000);

  it('rolls out a rule change without refusing a request; host rules reach two services', async () => {
    const edgeBefore = await version(`${STACK}_lb`);
    const traffic = load(8080);
    await new Promise((r) => setTimeout(r, 1000));
    const started = Date.now();
    const result = await core.call(
      'stack.deploy',
      {
        environmentId,
        name: STACK,
        compose: compose(withHosts).replace('replicas: 10', 'replicas: 15'),
      },
      ctx,
    );
    const rollout = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    const answers = await traffic.stop();
    const failed = failures(answers);
    console.warn(
      `rule change rolled out in ${rollout.toFixed(1)} s under load: ${failed.length} refused/failed of ${answers.length} requests${failed.length ? `; first: ${failed[0]!.error ?? failed[0]!.status}` : ''}`,
    );
    expect(result.updated.map((r) => r.name)).toContain(`${STACK}_lb-rules`);
    expect(result.converged).toBe(true);
    expect(failed).toEqual([]);
    // The edge (host ports) was not touched.
    expect(await version(`${STACK}_lb`)).toBe(edgeBefore);

    const other = await backendNames(`${STACK}_other`);
    const web = await backendNames(`${STACK}_nginx-cluster`);
    for (const host of hosts) {
      const toOther = await Promise.all(
        [...Array(10)].map(() => get(host.address, 8080, { host: 'other.test' })),
      );
      const toWeb = await Promise.all(
        [...Array(10)].map(() => get(host.address, 8080, { host: 'web.test:8080' })),
      );
      expect(toOther.every((x) => x.ok && other.has(x.body!))).toBe(true);
      expect(toWeb.every((x) => x.ok && web.has(x.body!))).toBe(true);
    }
  }, 240_000);

  it('regenerates the LB when a scale outgrows its backend slots (40 > 32)', async () => {
    const rulesBefore = await version(`${STACK}_lb-rules`);
    const edgeBefore = await version(`${STACK}_lb`);
    const scaled = await drover('service', 'scale', `${STACK}/nginx-cluster=40`);
    expect(scaled.code, scaled.err).toBe(0);
    expect(scaled.err).toMatch(/needs more backend slots for nginx-cluster/);
    expect(await version(`${STACK}_lb-rules`)).not.toBe(rulesBefore);
    expect(await version(`${STACK}_lb`)).toBe(edgeBefore);
    const lbs = await until(
      async () => {
        const listed = await core.call('lb.list', { environmentId }, ctx);
        const rule = listed[0]?.ruleInfo.find((r) => r.target === 'nginx-cluster' && !r.host);
        return rule?.up === 40 ? listed : undefined;
      },
      '40 backends are up',
      60_000,
      300,
    );
    expect(lbs[0]!.ruleInfo.find((r) => !r.host)).toMatchObject({ up: 40, total: 40 });
  }, 300_000);

  it('exports the LB as one x-drover-lb service that re-imports to the same rules', async () => {
    const exported = await drover('stack', 'export', STACK);
    expect(exported.code, exported.err).toBe(0);
    const rebuilt = await rebuildCompose(manager(), STACK);
    const original = loadCompose(compose(withHosts));
    for (const text of [exported.out, rebuilt]) {
      const loaded = loadCompose(text);
      expect(loaded.ok, text).toBe(true);
      if (!loaded.ok || !original.ok) return;
      expect(loaded.model.loadBalancers).toEqual(original.model.loadBalancers);
      expect(loaded.model.services.map((s) => s.name).sort()).toEqual(['nginx-cluster', 'other']);
    }
    // Earlier LB configurations are pruned: what no spec or previous spec names goes.
    const configs = labSsh(
      lab,
      a,
      `docker config ls --format '{{.Name}}' | grep ${STACK}_lb- || true`,
    )
      .trim()
      .split('\n');
    // Kept: the edge's, the rules' and the rules' previous one (Swarm's rollback needs it).
    expect(configs).toHaveLength(3);
  }, 60_000);

  it('is found again by a console with an empty database', async () => {
    const fresh = createCore({
      dataDir: dirs.make('drover-lb-empty-'),
      shell: 'cli',
      connectHosts: true,
    });
    try {
      const envId = await addLabHosts(fresh, lab, hosts, ctx);
      const lbs = await fresh.call('lb.list', { environmentId: envId }, ctx);
      expect(lbs.map((l) => [l.stack, l.name, l.ruleInfo.map((r) => r.host ?? '*')])).toEqual([
        [STACK, 'lb', ['other.test', 'web.test', '*']],
      ]);
      const exported = await fresh.call('stack.export', { environmentId: envId, name: STACK }, ctx);
      expect(exported).toContain('x-drover-lb:');
    } finally {
      fresh.close();
    }
  }, 120_000);

  it('adds HTTPS (a secret certificate), cookie stickiness and a stats page; counts what the edge replacement refuses', async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=shop.test',
        '-keyout',
        path.join(work, 'site.key'),
        '-out',
        path.join(work, 'site.crt'),
      ],
      { stdio: 'ignore' },
    );
    fs.writeFileSync(
      path.join(work, 'site.pem'),
      fs.readFileSync(path.join(work, 'site.crt'), 'utf8') +
        fs.readFileSync(path.join(work, 'site.key'), 'utf8'),
    );
    const text =
      compose(
        withHosts +
          '        - {listen: 8443, protocol: http, target: nginx-cluster, port: 80, certificate: site}\n',
      )
        .replace('replicas: 10', 'replicas: 40')
        .replace(
          '      hosts: all',
          '      hosts: all\n      sticky_cookie: SRV\n      stats_port: 8404',
        ) + 'secrets:\n  site:\n    file: ./site.pem\n';
    const traffic = load(8080);
    await new Promise((r) => setTimeout(r, 1000));
    const result = await core.call(
      'stack.deploy',
      { environmentId, name: STACK, compose: text, workingDir: work },
      ctx,
    );
    const answers = await traffic.stop();
    console.warn(
      `new listen ports (edge replaced stop-first): ${failures(answers).length} refused/failed of ${answers.length} requests on port 8080; failing per host: ${failureWindows(answers)}`,
    );
    expect(result.converged, result.warnings.join('; ')).toBe(true);

    const web = await backendNames(`${STACK}_nginx-cluster`);
    const httpsGet = (address: string) =>
      new Promise<Answer>((resolve) => {
        const request = https.get(
          {
            host: address,
            port: 8443,
            path: '/',
            agent: false,
            rejectUnauthorized: false,
            servername: 'shop.test',
            timeout: 5000,
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (c: Buffer) => chunks.push(c));
            response.on('end', () =>
              resolve({
                ok: response.statusCode === 200,
                body: Buffer.concat(chunks).toString().trim(),
                at: Date.now(),
              }),
            );
          },
        );
        request.on('error', (e) => resolve({ ok: false, error: e.message, at: Date.now() }));
      });
    for (const host of hosts) {
      const answer = await until(
        async () => {
          const x = await httpsGet(host.address);
          return x.ok ? x : undefined;
        },
        'the host answers over HTTPS',
        30_000,
        300,
      );
      expect(web.has(answer.body!)).toBe(true);
    }

    // Stickiness, all or nothing: once the rules tier runs the new configuration with all 40
    // backends up, the cookie of one answer pins every later request, on any host and through
    // either rules replica, to its backend (without it, 1 in 40 would land there). Six bursts of
    // 15 at once: they overflow the lab backend's accept queue (nc, backlog 2), and a slow
    // accept or a health check that flaps on a loaded machine must not move a session.
    await until(
      async () => {
        const [info] = await core.call('lb.list', { environmentId }, ctx);
        const catchAllRule = info?.ruleInfo.find((r) => r.listen === 8080 && !r.host);
        const settled = info?.rules?.running === 2 && info.stickyCookie === 'SRV';
        return settled && catchAllRule?.up === 40 && catchAllRule.total === 40 ? true : undefined;
      },
      'the rules tier has all 40 backends up',
      60_000,
      500,
    );
    const first = await get(a.address, 8080);
    expect(first.cookie ?? '').toMatch(/^SRV=/);
    const pinned: Answer[] = [];
    for (let round = 0; round < 6; round++) {
      const batch = hosts.flatMap((h) =>
        [...Array(5)].map(() => get(h.address, 8080, { cookie: first.cookie! })),
      );
      pinned.push(...(await Promise.all(batch)));
      await new Promise((r) => setTimeout(r, 300));
    }
    const elsewhere = pinned.filter((x) => !(x.ok && x.body === first.body));
    console.warn(
      `stickiness: ${pinned.length - elsewhere.length} of ${pinned.length} requests with the cookie reached its backend`,
    );
    expect(elsewhere.map((x) => x.body ?? x.error)).toEqual([]);

    const stats = await get(a.address, 8404);
    expect(stats.status).toBe(200);
    expect(stats.body).toContain('Statistics Report');
  }, 300_000);

  it('runs only on the hosts with its label (hosts: lb=yes)', async () => {
    const labelled = hosts[2];
    const label = await drover('host', 'label', labelled.name, 'lb=yes');
    expect(label.code, label.err).toBe(0);
    const text = `services:
  echo:
    image: ${lab.images.whoami}
  front:
    image: ${lab.images.haproxy}
    x-drover-lb:
      hosts: lb=yes
      rules:
        - {listen: 9090, protocol: http, target: echo, port: 80}
`;
    const result = await core.call(
      'stack.deploy',
      { environmentId, name: 'labelled', compose: text },
      ctx,
    );
    expect(result.converged).toBe(true);
    const answer = await until(
      async () => {
        const x = await get(labelled.address, 9090);
        return x.ok ? x : undefined;
      },
      'the labelled host answers',
      30_000,
      300,
    );
    expect(await backendNames('labelled_echo')).toContain(answer.body);
    for (const other of hosts.filter((h) => h !== labelled)) {
      const refused = await get(other.address, 9090);
      expect(refused.ok).toBe(false);
      expect(refused.error).toMatch(/ECONNREFUSED/);
    }
  }, 240_000);
});
