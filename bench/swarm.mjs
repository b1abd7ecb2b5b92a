// Drover against the docker CLI on a Swarm of the benchmark's lab hosts, formed once for four
// figures (forming 15 hosts takes minutes): console start to every host connected and listed,
// the container list across hosts, scaling a service 10 -> 100, deploying a 20-service stack.
// `--only start,containers,scale,deploy` picks figures; `--quick` uses 5 hosts and fewer runs.
// Each side runs alternately (A B A B) so both see the same noise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  addLabHosts,
  adminContext,
  dockerCliEnv,
  figure,
  labSsh,
  labSshAsync,
  leaveSwarm,
  loadDist,
  now,
  pairFigure,
  pickHosts,
  quick,
  readLab,
  runBench,
  sleep,
  summarize,
  timed,
} from './setup.mjs';

const FIGURES = ['start', 'containers', 'scale', 'deploy'];
const only = process.argv.indexOf('--only');
const wanted = only > 0 ? process.argv[only + 1].split(',') : FIGURES;

const RUNS = quick ? 1 : 3; // A/B pairs for start
const SWARM_RUNS = quick ? 1 : 2; // A/B pairs for scale and deploy (each pair takes minutes)
const LIST_CALLS = quick ? 50 : 200;
const CROWD_PER_HOST = quick ? 5 : 25; // idle containers per host besides the Swarm tasks
const DEPLOY_SERVICES = 20;
const CROWD = 'drv-bench-crowd-';
const ctx = adminContext('bench');

/** Waits until `check()` is true, polling; throws after `ms`. */
async function until(check, ms, what) {
  const end = now() + ms;
  while (!(await check())) {
    if (now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(20);
  }
}

// --- The cluster -------------------------------------------------------------------------
function openCore(dataDir, connectHosts) {
  const { createCore } = loadDist('core/core.js');
  return createCore({ dataDir, shell: 'cli', connectHosts, monitorAlerts: false });
}

/** A console data dir with every host added to one environment (a Swarm: the first manages). */
async function formCluster(lab, hosts, dataDir) {
  const core = openCore(dataDir, false);
  try {
    return await addLabHosts(core, lab, hosts, ctx);
  } finally {
    core.close();
  }
}

const startCrowd = (lab, hosts) =>
  Promise.all(
    hosts.map((h) =>
      labSshAsync(
        lab,
        h,
        `for i in $(seq ${CROWD_PER_HOST}); do docker run -d --name ${CROWD}$i ${lab.images.nginx} sleep 1d >/dev/null || exit 1; done`,
      ),
    ),
  );
const removeCrowd = (lab, hosts) =>
  Promise.all(
    hosts.map((h) =>
      labSshAsync(
        lab,
        h,
        `docker ps -aq --filter name=${CROWD} | xargs -r docker rm -f >/dev/null`,
      ).catch(() => undefined),
    ),
  );

/** A console started on the data dir, timed until every host is connected and listed. */
async function startConsole(dataDir, environmentId, hostCount) {
  const start = now();
  const core = openCore(dataDir, true);
  await until(
    async () => {
      const hosts = await core.call('host.list', { environmentId }, ctx);
      if (hosts.length !== hostCount || hosts.some((h) => h.state !== 'connected')) return false;
      const list = await core.call('container.list', { environmentId }, ctx);
      return list.hosts.length === hostCount && list.hosts.every((h) => h.state === 'live');
    },
    120_000,
    'every host connected and its containers listed',
  );
  return { core, ms: now() - start };
}

// --- Figures -----------------------------------------------------------------------------
async function startFigure(s) {
  const drover = [];
  const cli = [];
  const rssPerHost = [];
  const heapPerHost = [];
  let core;
  for (let run = 0; run < RUNS; run++) {
    core?.close();
    await sleep(1000);
    const before = process.memoryUsage();
    const started = await startConsole(s.dataDir, s.environmentId, s.hosts.length);
    await sleep(2000); // event streams and samplers open, first samples in
    const after = process.memoryUsage();
    rssPerHost.push((after.rss - before.rss) / 2 ** 20 / s.hosts.length);
    heapPerHost.push((after.heapUsed - before.heapUsed) / 2 ** 20 / s.hosts.length);
    core = started.core;
    drover.push(started.ms);
    cli.push(await timed(() => s.hosts.forEach((h) => s.cli.docker(h, ['info', '-f', '{{.ID}}']))));
  }
  s.core = core;
  return [
    pairFigure(`console start to ${s.hosts.length} hosts connected and containers listed`, {
      unit: 'ms',
      samples: drover,
      baselineSamples: cli,
      baselineName: '`docker -H ssh:// info` on each host in turn',
      note: 'in-process core on a data dir holding the hosts',
    }),
    pairFigure('console memory per connected host (RSS growth / hosts)', {
      unit: 'MiB',
      samples: rssPerHost,
      note: 'SSH connection, event stream, sampler, container model; no GC forced',
    }),
    pairFigure('console JS heap per connected host (heap growth / hosts)', {
      unit: 'MiB',
      samples: heapPerHost,
    }),
  ];
}

async function containersFigure(s) {
  const call = () => s.core.call('container.list', { environmentId: s.environmentId }, ctx);
  const first = await call();
  for (let i = 0; i < 5; i++) await call();
  const drover = [];
  for (let i = 0; i < LIST_CALLS; i++) drover.push(await timed(call));
  const cli = [];
  let cliCount = 0;
  for (let run = 0; run < RUNS; run++) {
    cli.push(
      await timed(() => {
        cliCount = s.hosts.reduce(
          (n, h) => n + s.cli.docker(h, ['ps', '-q']).split('\n').filter(Boolean).length,
          0,
        );
      }),
    );
  }
  const running = first.containers.filter((c) => c.state === 'running').length;
  s.notes.push(
    `container.list listed ${first.containers.length} containers (${running} running) on ${s.hosts.length} hosts; \`docker ps\` counted ${cliCount} running`,
  );
  const p95 = [...drover].sort((a, b) => a - b)[Math.ceil(0.95 * drover.length) - 1];
  return [
    pairFigure(
      `container.list, ${first.containers.length} containers on ${s.hosts.length} hosts, warm, p50`,
      {
        unit: 'ms',
        samples: drover,
        baselineSamples: cli,
        baselineName: '`docker -H ssh:// ps` on each host in turn',
      },
    ),
    figure(`container.list p95 over ${LIST_CALLS} calls`, {
      value: p95,
      unit: 'ms',
      baseline: summarize(cli).median,
      baselineName: 'the same `docker ps` sweep',
    }),
  ];
}

const serviceCompose = (services, replicas) =>
  `version: "3.8"\nservices:\n${Array.from(
    { length: services },
    (_, i) =>
      `  s${i + 1}:\n    image: IMAGE\n    command: ["sleep", "1d"]\n    deploy:\n      replicas: ${replicas}\n      endpoint_mode: dnsrr\n`,
  ).join('')}`;

async function scaleFigure(s) {
  const name = 'benchscale';
  const service = `${name}_s1`;
  // Set up with the CLI: only the scaling is measured.
  cliDeploy(s, name, serviceCompose(1, 10).replace('IMAGE', s.lab.images.nginx), 1);
  const scaleCli = (n) =>
    labSsh(s.lab, s.manager, `docker service scale ${service}=${n} >/dev/null 2>&1`);
  const scaleDrover = () =>
    s.core.call('service.scale', { environmentId: s.environmentId, service, replicas: 100 }, ctx);
  const drover = [];
  const cli = [];
  try {
    const droverRun = async (run) => {
      try {
        drover.push(await timed(scaleDrover));
      } catch (error) {
        // Counted, not hidden: under load a manager channel can miss its opening deadline.
        s.notes.push(`service.scale run ${run + 1} failed (${error.message}); not timed`);
      }
      scaleCli(10);
    };
    const cliRun = async () => {
      cli.push(await timed(() => scaleCli(100)));
      scaleCli(10);
    };
    // A B, then B A: the side that follows a scale-down meets its containers still stopping.
    for (let run = 0; run < SWARM_RUNS; run++) {
      if (run % 2 === 0) await droverRun(run).then(cliRun);
      else await cliRun().then(() => droverRun(run));
    }
  } finally {
    await removeStack(s, name);
  }
  if (!drover.length) throw new Error('every service.scale failed');
  return [
    pairFigure('scale a service 10 -> 100 replicas, converged', {
      unit: 'ms',
      samples: drover,
      baselineSamples: cli,
      baselineName: '`docker service scale` over ssh on the manager',
    }),
  ];
}

/** Deploys with the CLI on the manager and waits until every service runs its replicas. */
function cliDeploy(s, name, compose, services = DEPLOY_SERVICES) {
  const b64 = Buffer.from(compose).toString('base64');
  const notConverged = `docker service ls --filter label=com.docker.stack.namespace=${name} --format '{{.Replicas}}' | awk -F'[/ ]' '$1 != $2' | wc -l`;
  const count = `docker service ls -q --filter label=com.docker.stack.namespace=${name} | wc -l`;
  labSsh(
    s.lab,
    s.manager,
    `echo ${b64} | base64 -d > /tmp/${name}.yml && docker stack deploy -c /tmp/${name}.yml ${name} >/dev/null && ` +
      `while [ "$(${count})" -lt ${services} ] || [ "$(${notConverged})" -ne 0 ]; do sleep 0.2; done; rm -f /tmp/${name}.yml`,
  );
}

async function removeStack(s, name) {
  labSsh(
    s.lab,
    s.manager,
    `docker stack rm ${name} >/dev/null; while docker network ls -q --filter label=com.docker.stack.namespace=${name} | grep -q .; do sleep 0.5; done`,
  );
  await sleep(2000);
}

async function deployFigure(s) {
  const compose = serviceCompose(DEPLOY_SERVICES, 2).replaceAll('IMAGE', s.lab.images.nginx);
  const drover = [];
  const cli = [];
  const droverRun = async (run) => {
    const name = `benchdeploya${run}`;
    let result;
    drover.push(
      await timed(async () => {
        result = await s.core.call(
          'stack.deploy',
          { environmentId: s.environmentId, name, compose },
          ctx,
        );
      }),
    );
    if (!result.converged)
      s.notes.push(
        `stack.deploy run ${run + 1} ended unconverged: ${JSON.stringify(result.unconverged)}`,
      );
    await removeStack(s, name);
  };
  const cliRun = async (run) => {
    const name = `benchdeployb${run}`;
    cli.push(await timed(() => cliDeploy(s, name, compose)));
    await removeStack(s, name);
  };
  // A B, then B A, so neither side always follows the other's stack removal.
  for (let run = 0; run < SWARM_RUNS; run++) {
    if (run % 2 === 0) await droverRun(run).then(() => cliRun(run));
    else await cliRun(run).then(() => droverRun(run));
  }
  return [
    pairFigure(`deploy a ${DEPLOY_SERVICES}-service stack (2 replicas each), converged`, {
      unit: 'ms',
      samples: drover,
      baselineSamples: cli,
      baselineName: '`docker stack deploy` on the manager + wait for replicas',
    }),
  ];
}

// --- Run ---------------------------------------------------------------------------------
const bodies = {
  start: startFigure,
  containers: containersFigure,
  scale: scaleFigure,
  deploy: deployFigure,
};
let shared;
/** The cluster, formed on first use; a Skip or failure there is every figure's. */
async function cluster() {
  if (shared) return shared;
  shared = (async () => {
    const lab = readLab();
    const hosts = pickHosts(lab, { min: 2, max: quick ? 5 : 15 });
    const cli = dockerCliEnv(lab);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-bench-swarm-'));
    const s = { lab, hosts, cli, dataDir, manager: hosts[0], notes: [] };
    await leaveSwarm(lab, hosts);
    await removeCrowd(lab, hosts);
    let t = now();
    s.environmentId = await formCluster(lab, hosts, dataDir);
    console.log(
      `Swarm of ${hosts.length} hosts formed by host.add in ${((now() - t) / 1000).toFixed(0)} s`,
    );
    t = now();
    await startCrowd(lab, hosts);
    console.log(
      `${CROWD_PER_HOST * hosts.length} idle containers started in ${((now() - t) / 1000).toFixed(0)} s`,
    );
    if (!wanted.includes('start'))
      s.core = (await startConsole(dataDir, s.environmentId, hosts.length)).core;
    return s;
  })();
  return shared;
}

try {
  for (const name of FIGURES.filter((f) => wanted.includes(f))) {
    await runBench(name, async () => {
      const s = await cluster();
      s.notes = [];
      const figures = await bodies[name](s);
      return { figures, hosts: s.hosts.length, notes: s.notes };
    });
  }
} finally {
  const s = await shared?.catch(() => undefined);
  if (s) {
    s.core?.close();
    await removeCrowd(s.lab, s.hosts);
    // Workers first, the manager last.
    await leaveSwarm(s.lab, s.hosts.slice(1));
    await leaveSwarm(s.lab, [s.manager]);
    fs.rmSync(s.dataDir, { recursive: true, force: true });
  }
}
process.exit();
