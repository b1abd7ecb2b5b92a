// Fake Swarm managers for routing tests: each a local HTTP server on a Unix socket reached
// through the real Docker agent and dockerode (or an opener that never answers, as a manager
// behind a cut link does).
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { ClientChannel } from 'ssh2';
import { dockerOverSsh, type StreamLocalOpener } from '../ssh/docker-agent.js';
import { TempDirs } from '../test-support.js';
import type { Candidate, DialOptions } from './manager-calls.js';

const dirs = new TempDirs();
const servers: http.Server[] = [];
export const timings = { openMs: 200, answerMs: 400, lastAnswerMs: 800 };

/** A manager answering with `handler`; `seen` counts the requests it received. */
export async function manager(
  name: string,
  handler: http.RequestListener,
): Promise<Candidate & { seen: string[] }> {
  const socket = path.join(dirs.make(), 'docker.sock');
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
  dirs.cleanup();
}
