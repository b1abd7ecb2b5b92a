// Fake Swarm managers for routing tests: each a local HTTP server on a Unix socket reached
// through the real Docker agent and dockerode (or an opener that never answers, as a manager
// behind a cut link does).
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ClientChannel } from 'ssh2';
import { dockerOverSsh, type StreamLocalOpener } from '../ssh/docker-agent.js';
import type { Candidate, DialOptions } from './manager-calls.js';

// Its own folder (not test-support's helper, which would tie this layer to the rpc layer).
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-managers-'));
const servers: http.Server[] = [];
export const timings = { openMs: 200, answerMs: 400, lastAnswerMs: 800 };

/** A manager answering with `handler`; `seen` counts the requests it received. */
export async function manager(
  name: string,
  handler: http.RequestListener,
): Promise<Candidate & { seen: string[] }> {
  const socket = path.join(folder, `docker-${servers.length}.sock`);
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  const open: StreamLocalOpener = (_path, callback) => {
    const channel = net.connect(socket, () =>
      callback(undefined, channel as unknown as ClientChannel),
    );
  };
  return { hostId: servers.length, name, docker: dockerOverSsh(open), seen };
}

/** A manager behind a cut link: its channels never open. */
export function unreachable(name: string): Candidate {
  return { hostId: 99, name, docker: dockerOverSsh(() => undefined) };
}

export const json =
  (status: number, body: unknown): http.RequestListener =>
  (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

export const get = (p: string): DialOptions => ({
  path: p,
  method: 'GET',
  statusCodes: { 200: true, 404: 'not found', 500: 'server error', 503: 'unavailable' },
});
export const create = (): DialOptions => ({
  path: '/services/create',
  method: 'POST',
  options: { Name: 'web' },
  statusCodes: { 201: true, 409: 'conflict', 500: 'server error', 503: 'unavailable' },
});

/** Closes every fake manager (call from afterAll). */
export function closeManagers(): void {
  for (const server of servers.splice(0)) server.close();
  fs.rmSync(folder, { recursive: true, force: true });
}
