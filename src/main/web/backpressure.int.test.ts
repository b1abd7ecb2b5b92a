// Bounded resources in web mode, with real slow clients: a WebSocket client that stops reading
// while the core floods it with events is dropped (close code 1008, a log line) before the core
// holds more than the limit for it; one that stops reading a shell printing without end is
// slowed instead (the shell waits in SSH's flow control) and reads on when it resumes; a
// connection may hold 32 streams and is told so at the 33rd. Host: DROVER_BACKPRESSURE_HOSTS
// (index into lab.json, default "0").
import type net from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { addLabHosts } from '../../../e2e/support/core';
import { labSsh, leaveSwarm, pickHosts, readLab } from '../../../e2e/support/lab';
import { until } from '../../../e2e/support/wait';
import { MAX_STREAMS_PER_CONNECTION } from '../containers/streams';
import { createCore, type Core } from '../core/core';
import { TempDirs } from '../test-support';
import { DEFAULT_FLOW_LIMITS, SLOW_CLIENT_CLOSE_CODE } from './flow';
import { startWebServer, type WebServer } from './server';

const lab = readLab();
const [host] = pickHosts(lab, 'DROVER_BACKPRESSURE_HOSTS', 1);
const dirs = new TempDirs();
const CONTAINER = 'drover-backpressure';
const MIB = 1024 * 1024;
let core: Core;
let server: WebServer;
let environmentId: number;
let hostId: number;
let containerId: string;

beforeAll(async () => {
  leaveSwarm(lab, host!);
  labSsh(lab, host!, `docker rm -f ${CONTAINER} >/dev/null 2>&1 || true`);
  containerId = labSsh(lab, host!, `docker run -d --name ${CONTAINER} ${lab.images.whoami}`).trim();
  core = createCore({ dataDir: dirs.make('drover-backpressure-'), shell: 'web' });
  environmentId = await addLabHosts(core, lab, [host!]);
  hostId = core.services.hosts.list(environmentId)[0]!.id;
  server = await startWebServer({ core, staticDir: dirs.make() });
}, 120_000);

afterAll(async () => {
  await server?.close();
  core?.close();
  labSsh(lab, host!, `docker rm -f ${CONTAINER} >/dev/null 2>&1 || true`);
  leaveSwarm(lab, host!);
  dirs.cleanup();
});

/** A WebSocket client whose reading the test stops and resumes. */
async function connect() {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  const messages: Record<string, unknown>[] = [];
  let bytes = 0;
  ws.on('message', (data: Buffer) => {
    bytes += data.length;
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    // Stream output is counted, not kept: the test reads gigabytes of it.
    if (message.event !== 'stream.data' && message.event !== 'operation.progress')
      messages.push(message);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const socket = (ws as unknown as { _socket: net.Socket })._socket;
  let next = 1;
  return {
    ws,
    closed,
    bytes: () => bytes,
    stopReading: () => socket.pause(),
    readAgain: () => socket.resume(),
    async call(method: string, args: unknown) {
      const id = next++;
      ws.send(JSON.stringify({ id, method, args }));
      return until(
        async () => messages.find((m) => m.id === id),
        `the answer to ${method}`,
        20_000,
        10,
      );
    },
  };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** What the process holds after a full collection (ws queues strings on the heap, Buffers beside it). */
function held(): number {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

describe('a WebSocket client that does not read', () => {
  it('is dropped with close code 1008 and a log line before the core holds more than the limit', async () => {
    const warnings = vi.spyOn(console, 'warn');
    const client = await connect();
    client.stopReading();
    const before = held();
    // 2,000 events of 64 KiB (125 MiB): what a flood of progress or metrics could be.
    const message = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 2000; i++) {
      core.events.publish('operation.progress', {
        operationId: `flood-${i}`,
        environmentId,
        step: 'flood',
        state: 'running',
        message,
      });
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    // The client is dropped but not yet cut (it has 5 s to read up to the close frame): what is
    // queued for it is still held here.
    const growth = held() - before;
    const dropped = warnings.mock.calls.find((c) => /dropped client/.test(String(c[0])));
    warnings.mockRestore();
    expect(dropped?.[0]).toMatch(
      /^Drover web: dropped client 127\.0\.0\.1 \(.+\): it stopped reading \(\d+\.\d MiB unsent\)$/,
    );
    console.warn(
      `slow client: dropped after ${(client.bytes() / MIB).toFixed(1)} MiB read; the core holds ${(growth / MIB).toFixed(1)} MiB more for it after 125 MiB sent`,
    );
    // The send queue stops at the drop limit (without it: the whole 125 MiB).
    expect(growth).toBeLessThan(DEFAULT_FLOW_LIMITS.dropBytes + 4 * MIB);
    client.readAgain();
    expect(await client.closed).toBe(SLOW_CLIENT_CLOSE_CODE);
  });
});

describe('a slow reader of a shell printing without end', () => {
  it('slows the shell instead of buffering it, and reads on when it resumes', async () => {
    const warnings = vi.spyOn(console, 'warn');
    const client = await connect();
    const opened = (await client.call('exec.open', {
      environmentId,
      hostId,
      containerId,
      cols: 80,
      rows: 24,
      command: ['sh', '-c', 'yes drover-flood-0123456789abcdef'],
    })) as { ok: boolean; result: { streamId: string } };
    expect(opened.ok).toBe(true);
    await until(async () => client.bytes() > MIB || undefined, 'shell output', 20_000, 20);
    client.stopReading();
    const before = held();
    const growth: number[] = [];
    for (let second = 1; second <= 4; second++) {
      await new Promise((r) => setTimeout(r, 1000));
      growth.push(held() - before);
    }
    const readWhilePaused = client.bytes();
    client.readAgain();
    await until(
      async () => client.bytes() > readWhilePaused + 4 * MIB || undefined,
      'the shell output to flow again',
      20_000,
      20,
    );
    console.warn(
      `slow shell reader: the core holds ${growth.map((g) => (g / MIB).toFixed(1)).join(', ')} MiB more after 1, 2, 3, 4 s of not reading`,
    );
    const stillOpen = client.ws.readyState === WebSocket.OPEN;
    await client.call('stream.close', { streamId: opened.result.streamId });
    client.ws.close();
    await until(
      async () => core.services.containers.streams.size === 0 || undefined,
      'the streams to close',
      10_000,
      50,
    );
    expect(warnings.mock.calls.filter((c) => /dropped client/.test(String(c[0])))).toEqual([]);
    warnings.mockRestore();
    expect(stillOpen).toBe(true);
    // Paused: what was on its way when the client stopped is held, and nothing more.
    expect(growth[3]! - growth[1]!).toBeLessThan(MIB);
    expect(growth[3]).toBeLessThan(DEFAULT_FLOW_LIMITS.dropBytes);
  });
});

describe('streams per connection', () => {
  it(`opens ${MAX_STREAMS_PER_CONNECTION} and refuses the next with words; another connection still may`, async () => {
    const client = await connect();
    const open = () =>
      client.call('logs.open', {
        environmentId,
        container: { hostId, id: containerId },
        follow: true,
      }) as Promise<{ ok: boolean; error?: { code: string; message: string } }>;
    for (let i = 0; i < MAX_STREAMS_PER_CONNECTION; i++) expect((await open()).ok).toBe(true);
    const refused = await open();
    expect(refused).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED' } });
    expect(refused.error!.message).toMatch(/32 log and shell streams open.*close one first/);
    const other = await connect();
    const elsewhere = (await other.call('logs.open', {
      environmentId,
      container: { hostId, id: containerId },
      follow: true,
    })) as { ok: boolean };
    expect(elsewhere.ok).toBe(true);
    client.ws.close();
    other.ws.close();
    await until(
      async () => core.services.containers.streams.size === 0 || undefined,
      'the streams to close with their connections',
      10_000,
      50,
    );
  });
});
