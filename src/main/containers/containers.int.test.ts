// Containers on the lab's real Swarm: the list across hosts, change events from each host's
// Docker, container and merged service logs, interactive exec shells, self-healing within 3 s,
// and streams that end with the connection that opened them (no leaked channels or processes).
// Hosts: DROVER_CONTAINER_HOSTS (indices into lab.json, default "0,1,2").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addLabHosts, cliFor } from '../../../e2e/support/core';
import {
  blockSsh,
  labSsh,
  leaveSwarm,
  pickHosts,
  readLab,
  type LabHost,
} from '../../../e2e/support/lab';
import type { EventMap } from '../../shared/contract';
import type { ContainerList, ContainerSummary } from '../../shared/types';
import { createCore, type Core } from '../core/core';
import type { AnyEvent } from '../events/bus';
import type { CallContext } from '../rpc/context';
import { createSink, type OwnedSink } from '../rpc/sink';
import { TempDirs } from '../test-support';
import { startWebServer } from '../web/server';
import { adminContext } from '../test-support.js';

const lab = readLab();
const hosts = pickHosts(lab, 'DROVER_CONTAINER_HOSTS', 3) as [LabHost, LabHost, LabHost];
const dirs = new TempDirs();
const STACK = 'drv-ctr';
const SERVICE = `${STACK}_whoami`;
const dataDir = dirs.make('drover-containers-int-');
let core: Core;
let environmentId: number;
const changes: number[] = []; // times of container.changed events for the environment

/** A shell connection as a test sees it: every event it got, and a way to close it. */
class Connection {
  readonly events: AnyEvent[] = [];
  readonly owned: OwnedSink = createSink((event) => this.events.push(event));
  readonly ctx: CallContext = { ...adminContext('tester', 'cli'), sink: this.owned.sink };

  text(streamId: string, source?: string): string {
    return this.data(streamId)
      .filter((d) => source === undefined || d.source === source)
      .map((d) => d.data)
      .join('');
  }

  data(streamId: string): EventMap['stream.data'][] {
    return this.events
      .filter((e) => e.event === 'stream.data' && e.payload.streamId === streamId)
      .map((e) => e.payload as EventMap['stream.data']);
  }

  end(streamId: string): EventMap['stream.end'] | undefined {
    const found = this.events.find(
      (e) => e.event === 'stream.end' && e.payload.streamId === streamId,
    );
    return found?.payload as EventMap['stream.end'] | undefined;
  }
}

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const listAll = () => core.call('container.list', { environmentId }, ctxOf());
async function untilAsync<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const list = async () => (await listAll()).containers;
const ctxOf = (c?: Connection): CallContext => c?.ctx ?? adminContext('tester', 'cli');
const running = async () =>
  (await list()).filter((c) => c.service === SERVICE && c.state === 'running');
const hostOf = (c: ContainerSummary) => hosts.find((h) => h.name === c.hostName) as LabHost;

/** An HTTP request to the whoami in the container, from inside it: it logs the request line. */
function request(c: ContainerSummary, path: string): void {
  labSsh(
    lab,
    hostOf(c),
    `docker exec ${c.id} sh -c 'printf "GET ${path} HTTP/1.0\\r\\n\\r\\n" | nc 127.0.0.1 80' >/dev/null`,
  );
}

/** Processes in the container whose command line contains `text`. */
function processes(c: ContainerSummary, text: string): string[] {
  return labSsh(lab, hostOf(c), `docker top ${c.id} -o pid,args`)
    .split('\n')
    .filter((line) => line.includes(text));
}

beforeAll(async () => {
  leaveSwarm(lab, hosts);
  core = createCore({
    dataDir,
    shell: 'cli',
    connectHosts: true,
  });
  environmentId = core.services.environments.list()[0]!.id;
  core.events.subscribe((e) => {
    if (e.event === 'container.changed' && e.payload.environmentId === environmentId)
      changes.push(Date.now());
  });
  await addLabHosts(core, lab, hosts, ctxOf());
  const compose = `services:\n  whoami:\n    image: ${lab.images.whoami}\n    deploy:\n      replicas: 4\n`;
  const result = await core.call('stack.deploy', { environmentId, name: STACK, compose }, ctxOf());
  expect(result.converged).toBe(true);
});

afterAll(async () => {
  try {
    await core?.call('stack.remove', { environmentId, name: STACK }, ctxOf());
  } catch {
    // The swarm goes away with the hosts leaving it.
  }
  core?.close();
  leaveSwarm(lab, hosts);
  dirs.cleanup();
});

describe('containers across hosts', () => {
  it('keeps a host whose SSH link is cut listed as unknown, then live and current once back', async () => {
    await untilAsync(
      'every host live',
      async () => (await listAll()).hosts.every((h) => h.state === 'live'),
      10_000,
    );
    const target = hosts[1];
    const status = (l: ContainerList) => l.hosts.find((h) => h.hostName === target.name)!;
    labSsh(lab, target, `docker run -d --name drover-gone ${lab.images.whoami} >/dev/null`);
    const mine = (l: ContainerList) =>
      l.containers.filter((c) => c.hostName === target.name).map((c) => c.name);
    await untilAsync(
      'drover-gone listed',
      async () => mine(await listAll()).includes('drover-gone'),
      5_000,
    );
    const known = mine(await listAll());
    // While the link is cut: one container removed, one started, which no event can tell.
    labSsh(
      lab,
      target,
      `setsid sh -c 'sleep 20; docker rm -f drover-gone; docker run -d --name drover-new ${lab.images.whoami}' >/dev/null 2>&1 </dev/null &`,
    );
    const cutAt = Date.now();
    blockSsh(target, true);
    try {
      const unknown = await untilAsync(
        'the host unknown',
        async () => {
          const l = await listAll();
          return status(l).state === 'unknown' ? l : undefined;
        },
        30_000,
      );
      // Its containers stay listed as last seen, never "none".
      expect(mine(unknown).sort()).toEqual([...known].sort());
      expect(status(unknown).error).toContain(target.name);
      expect(Date.parse(status(unknown).lastSeenAt!)).toBeGreaterThanOrEqual(cutAt - 1_000);
      expect(unknown.hosts.filter((h) => h.state === 'live')).toHaveLength(2);
      await new Promise((r) => setTimeout(r, Math.max(0, cutAt + 24_000 - Date.now())));
    } finally {
      blockSsh(target, false);
    }
    try {
      const back = await untilAsync(
        'the host live again',
        async () => {
          const l = await listAll();
          return status(l).state === 'live' ? l : undefined;
        },
        60_000,
      );
      expect(mine(back)).not.toContain('drover-gone');
      expect(mine(back)).toContain('drover-new');
    } finally {
      labSsh(lab, target, 'docker rm -f drover-gone drover-new >/dev/null 2>&1 || true');
    }
  }, 120_000);

  it('lists the 4 running whoami tasks with stack, service, slot and host', async () => {
    const found = await running();
    expect(found).toHaveLength(4);
    expect(found.map((c) => c.taskSlot).sort()).toEqual([1, 2, 3, 4]);
    for (const c of found) {
      expect(c).toMatchObject({ stack: STACK, service: SERVICE, state: 'running' });
      expect(c.name).toMatch(new RegExp(`^${SERVICE}\\.${c.taskSlot}\\.`));
      expect(hosts.map((h) => h.name)).toContain(c.hostName);
      expect(c.image).toBe(lab.images.whoami);
      // Without Docker's duration, which would go stale in the model.
      expect(c.status).toBe('Up');
      expect(Date.parse(c.startedAt!)).toBeGreaterThan(Date.parse(c.createdAt) - 1000);
    }
    expect(new Set(found.map((c) => c.hostName)).size).toBeGreaterThan(1);
  });

  it("reads one container's logs (stdout and stderr, demultiplexed) and ends without follow", async () => {
    const [c] = await running();
    request(c!, '/drover-one');
    const conn = new Connection();
    const { streamId } = await core.call(
      'logs.open',
      { environmentId, container: { hostId: c!.hostId, id: c!.id }, follow: false },
      conn.ctx,
    );
    await until('the end of the logs', () => conn.end(streamId));
    const text = conn.text(streamId);
    expect(text).toContain('listening on :80');
    expect(text).toContain('GET /drover-one HTTP/1.0');
    // No multiplexing headers left in the text.
    // eslint-disable-next-line no-control-regex -- finding frame-header bytes is the point
    expect(text).not.toMatch(/[\u0000-\u0002]/);
    expect(conn.end(streamId)?.error).toBeUndefined();
  });

  it("merges a service's logs from its tasks on several hosts, a prefix per task", async () => {
    const all = await running();
    for (const c of all) request(c, `/merged-${c.taskSlot}`);
    const conn = new Connection();
    const { streamId } = await core.call(
      'logs.open',
      { environmentId, service: SERVICE, follow: false, tail: 50 },
      conn.ctx,
    );
    await until('the end of the merged logs', () => conn.end(streamId));
    const sources = new Set(conn.data(streamId).map((d) => d.source));
    for (const c of all) {
      const source = `${SERVICE}.${c.taskSlot}@${c.hostName}`;
      expect(sources).toContain(source);
      expect(conn.text(streamId, source)).toContain(`GET /merged-${c.taskSlot} HTTP/1.0`);
    }
    expect(new Set([...sources].map((s) => s?.split('@')[1])).size).toBeGreaterThan(1);
    // Every event holds whole lines.
    for (const d of conn.data(streamId)) expect(d.data.endsWith('\n')).toBe(true);
  });

  it('follows: a new log line arrives within a second; stream.close ends it', async () => {
    const [c] = await running();
    const conn = new Connection();
    const { streamId } = await core.call(
      'logs.open',
      { environmentId, container: { hostId: c!.hostId, id: c!.id }, tail: 0 },
      conn.ctx,
    );
    await new Promise((r) => setTimeout(r, 300));
    const sent = Date.now();
    request(c!, '/followed');
    await until('the followed line', () => conn.text(streamId).includes('GET /followed'), 3_000);
    const ms = Date.now() - sent;
    console.warn(`logs follow: new line delivered ${ms} ms after the request was made`);
    expect(ms).toBeLessThan(1_500);
    await core.call('stream.close', { streamId }, conn.ctx);
    expect(conn.end(streamId)).toEqual({ streamId });
    expect(core.services.containers.streams.size).toBe(0);
  });

  it('opens an interactive shell: hostname, echo, resize; closing it ends the shell', async () => {
    const [c] = await running();
    const conn = new Connection();
    const { streamId } = await core.call(
      'exec.open',
      { environmentId, hostId: c!.hostId, containerId: c!.id, cols: 80, rows: 24 },
      conn.ctx,
    );
    const type = (data: string) => core.call('exec.input', { streamId, data }, conn.ctx);
    await type('hostname\n');
    await until('the hostname', () => conn.text(streamId).includes(c!.id.slice(0, 12)));
    await type('echo drover-$((6*7))\n');
    await until('the echo', () => conn.text(streamId).includes('drover-42'));
    await core.call('exec.resize', { streamId, cols: 123, rows: 45 }, conn.ctx);
    await type('stty size\n');
    await until('the new size', () => conn.text(streamId).includes('45 123'));
    await type('sleep 4242\n');
    await until('the sleep', () => processes(c!, 'sleep 4242').length === 1);
    await core.call('stream.close', { streamId }, conn.ctx);
    expect(conn.end(streamId)).toEqual({ streamId });
    await until('the shell to be gone', () => processes(c!, 'sleep 4242').length === 0, 5_000);
    // The audit log names who opened a shell where, and never what was typed.
    const audit = core.services.audit.list(20);
    expect(audit.find((e) => e.action === 'exec.open')).toMatchObject({
      actor: 'tester',
      target: `${c!.hostName}/${c!.id.slice(0, 12)}`,
      result: 'ok',
    });
    expect(JSON.stringify(audit)).not.toContain('drover-$((6*7))');
  });

  it('ends the stream when the shell exits, and runs 9 shells at once without leaking', async () => {
    const [c] = await running();
    const conn = new Connection();
    const opened = await Promise.all(
      [...Array(9).keys()].map(() =>
        core.call(
          'exec.open',
          { environmentId, hostId: c!.hostId, containerId: c!.id, cols: 80, rows: 24 },
          conn.ctx,
        ),
      ),
    );
    await Promise.all(
      opened.map(({ streamId }, i) =>
        core.call('exec.input', { streamId, data: `echo shell-$((${i}+100)); exit\n` }, conn.ctx),
      ),
    );
    for (const [i, { streamId }] of opened.entries()) {
      await until(`shell ${i} to end`, () => conn.end(streamId));
      expect(conn.text(streamId)).toContain(`shell-${i + 100}`);
      expect(conn.end(streamId)?.error).toBeUndefined();
    }
    expect(core.services.containers.streams.size).toBe(0);
    expect(processes(c!, 'bash').length + processes(c!, ' sh').length).toBe(0);
  });

  it('replaces a container removed on its host within 3 s, with container.changed and in the list', async () => {
    const before = await running();
    const victim = before[0]!;
    const beforeIds = new Set(before.map((c) => c.id));
    // Following the service's logs follows its new task too.
    const conn = new Connection();
    const { streamId } = await core.call(
      'logs.open',
      { environmentId, service: SERVICE, tail: 0 },
      conn.ctx,
    );
    const started = Date.now();
    labSsh(lab, hostOf(victim), `docker rm -f ${victim.id} >/dev/null`);
    let replacement: ContainerSummary | undefined;
    while (!replacement && Date.now() - started < 10_000) {
      const now = await running();
      replacement = now.find((c) => !beforeIds.has(c.id));
      if (!replacement) await new Promise((r) => setTimeout(r, 50));
    }
    const ms = Date.now() - started;
    console.warn(`self-healing: a new running task container ${ms} ms after docker rm -f`);
    expect(replacement).toBeDefined();
    expect(ms).toBeLessThan(3_000);
    expect(replacement).toMatchObject({ service: SERVICE, taskSlot: victim.taskSlot });
    const event = await until('a container.changed event', () => changes.find((t) => t > started));
    console.warn(`container.changed: ${event - started} ms after docker rm -f was started`);
    expect(event - started).toBeLessThan(1_500);
    expect(await running()).toHaveLength(4);
    const source = `${SERVICE}.${replacement!.taskSlot}@${replacement!.hostName}`;
    await until('the new task in the followed logs', () =>
      conn.text(streamId, source).includes('listening on :80'),
    );
    await core.call('stream.close', { streamId }, conn.ctx);
  });

  it('reports a command that cannot run in the stream end', async () => {
    const [c] = await running();
    const conn = new Connection();
    const { streamId } = await core.call(
      'exec.open',
      {
        environmentId,
        hostId: c!.hostId,
        containerId: c!.id,
        command: ['/no/such'],
        cols: 80,
        rows: 24,
      },
      conn.ctx,
    );
    const end = await until('the end', () => conn.end(streamId));
    expect(end.error).toMatch(/\/no\/such: cannot run \(exit 12[67]\)/);
  });

  it('follows container events again after the SSH connection was lost', async () => {
    const [c] = await running();
    const connection = core.services.connections.get(c!.hostId);
    // Cut the SSH connection under the console (as a network drop would).
    (connection as unknown as { client: { end(): void } }).client.end();
    await until(
      'the reconnect',
      () => connection.status.state !== 'connected' || undefined,
      5_000,
    ).catch(() => undefined);
    await connection.ready(15_000);
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    labSsh(lab, hostOf(c!), `docker create --name drover-probe ${lab.images.whoami} >/dev/null`);
    try {
      const event = await until('container.changed', () => changes.find((t) => t > started), 2_000);
      console.warn(
        `container.changed after a reconnect: ${event - started} ms after docker create`,
      );
      expect(event - started).toBeLessThan(1_500);
    } finally {
      labSsh(lab, hostOf(c!), 'docker rm -f drover-probe >/dev/null');
    }
  });

  it('drover ps and drover logs show the containers and the merged logs', async () => {
    const drover = cliFor(dataDir);
    const ps = await drover('ps', '--json');
    expect(ps.code, ps.err).toBe(0);
    const listed = JSON.parse(ps.out) as ContainerSummary[];
    expect(listed.filter((c) => c.service === SERVICE)).toHaveLength(4);
    const table = await drover('ps');
    expect(table.out.split('\n')[0]).toMatch(/^NAME +STACK +SERVICE +HOST +STATE +IMAGE +STATUS$/);
    expect(table.out).toMatch(
      new RegExp(`${SERVICE}\\.\\d\\.\\w+ +${STACK} +${SERVICE} +drvlab\\d+ +running`),
    );

    for (const c of await running()) request(c, '/from-cli');
    const logs = await drover('logs', '--tail', '5', `${STACK}/whoami`);
    expect(logs.code, logs.err).toBe(0);
    const lines = logs.out.split('\n').filter((l) => l.includes('GET /from-cli'));
    expect(lines).toHaveLength(4);
    for (const line of lines)
      expect(line).toMatch(new RegExp(`^${SERVICE}\\.\\d@drvlab\\d+ +\\| GET /from-cli HTTP/1.0$`));
  });

  it('routes stream events over the WebSocket that opened them, and closes them with it', async () => {
    const server = await startWebServer({ core, staticDir: dirs.make() });
    const [c] = await running();
    const connect = async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
      const messages: Record<string, unknown>[] = [];
      ws.on('message', (data) =>
        messages.push(JSON.parse(String(data)) as Record<string, unknown>),
      );
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      let next = 1;
      const call = async (method: string, args: unknown) => {
        const id = next++;
        ws.send(JSON.stringify({ id, method, args }));
        const reply = await until(`reply ${id}`, () => messages.find((m) => m.id === id));
        return reply.result as { streamId: string };
      };
      return { ws, messages, call };
    };
    try {
      const opener = await connect();
      const other = await connect();
      const shell = await opener.call('exec.open', {
        environmentId,
        hostId: c!.hostId,
        containerId: c!.id,
        cols: 80,
        rows: 24,
      });
      const logs = await opener.call('logs.open', {
        environmentId,
        container: { hostId: c!.hostId, id: c!.id },
      });
      await opener.call('exec.input', { streamId: shell.streamId, data: 'sleep 4343\n' });
      await until('the sleep', () => processes(c!, 'sleep 4343').length === 1);
      await until('log lines', () =>
        opener.messages.some(
          (m) =>
            m.event === 'stream.data' &&
            (m.payload as { streamId: string }).streamId === logs.streamId,
        ),
      );
      expect(core.services.containers.streams.size).toBe(2);
      // The other window sees neither stream, and cannot close them.
      expect(other.messages.some((m) => String(m.event).startsWith('stream.'))).toBe(false);
      await other.call('stream.close', { streamId: shell.streamId });
      expect(other.messages.at(-1)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

      opener.ws.close();
      await until('the streams to close', () => core.services.containers.streams.size === 0);
      await until('the shell to be gone', () => processes(c!, 'sleep 4343').length === 0, 5_000);
      other.ws.close();
    } finally {
      await server.close();
    }
  });
});
