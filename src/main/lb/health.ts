// Backend health as HAProxy sees it: "show stat" on its stats socket, which listens on a
// loopback-only port inside each rules-tier task (nothing is published), asked through an exec
// on that task's host. bash's /dev/tcp where the image has bash (the official Debian-based image
// and the lab's), else busybox nc (alpine variants).
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { LB_INTERNAL_STATS_PORT } from '../../shared/lb.js';
import type { LbServerHealth } from '../../shared/types.js';
import { BoundedOutput, overflowMessage } from '../ssh/bounded-output.js';

const STATS_SCRIPT = `if command -v bash >/dev/null 2>&1; then
  bash -c 'exec 3<>/dev/tcp/127.0.0.1/${LB_INTERNAL_STATS_PORT}; echo "show stat;show servers state" >&3; cat <&3'
else echo "show stat;show servers state" | nc 127.0.0.1 ${LB_INTERNAL_STATS_PORT}; fi`;

/** Runs a short command in a container and returns its stdout. */
export async function execOutput(
  docker: Docker,
  containerId: string,
  command: string[],
  timeoutMs = 10_000,
): Promise<string> {
  const exec = await docker
    .getContainer(containerId)
    .exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const collected = new BoundedOutput();
  docker.modem.demuxStream(stream, out, new PassThrough());
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new Error('the stats read timed out'));
    }, timeoutMs);
    out.on('data', (chunk: Buffer) => {
      if (collected.push(chunk)) return;
      clearTimeout(timer);
      stream.destroy();
      reject(new Error(overflowMessage()));
    });
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return collected.text();
}

export async function readStats(docker: Docker, containerId: string): Promise<string> {
  return execOutput(docker, containerId, ['sh', '-c', STATS_SCRIPT]);
}

/**
 * Servers by backend name from "show stat" (CSV: status) followed by "show servers state"
 * (addresses, which the CSV leaves out below admin level). Slots no task fills (MAINT, from
 * resolution) are left out: they are room to scale, not backends.
 */
export function parseStats(text: string): Map<string, LbServerHealth[]> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const result = new Map<string, LbServerHealth[]>();
  const csvAt = lines.findIndex((l) => l.startsWith('# pxname,'));
  if (csvAt < 0) return result;
  const addresses = serverAddresses(lines);
  const header = lines[csvAt]!.slice(2).split(',');
  const [px, sv, status] = ['pxname', 'svname', 'status'].map((n) => header.indexOf(n));
  for (const line of lines.slice(csvAt + 1)) {
    if (line.startsWith('#')) break;
    const cells = line.split(',');
    const [backend = '', server = '', state = ''] = [cells[px!], cells[sv!], cells[status!]];
    if (server === 'FRONTEND' || server === 'BACKEND' || !state || /^MAINT/.test(state)) continue;
    result.set(backend, [
      ...(result.get(backend) ?? []),
      { server, address: addresses.get(`${backend}/${server}`) ?? '', status: state },
    ]);
  }
  return result;
}

/** "show servers state": backend/server → address:port. */
function serverAddresses(lines: string[]): Map<string, string> {
  const at = lines.findIndex((l) => l.startsWith('# be_id'));
  const result = new Map<string, string>();
  if (at < 0) return result;
  const header = lines[at]!.slice(2).split(' ');
  const [be, sv, addr, port] = ['be_name', 'srv_name', 'srv_addr', 'srv_port'].map((n) =>
    header.indexOf(n),
  );
  for (const line of lines.slice(at + 1)) {
    const cells = line.split(' ');
    if (cells.length < header.length / 2) continue;
    result.set(`${cells[be!]}/${cells[sv!]}`, `${cells[addr!]}:${cells[port!]}`);
  }
  return result;
}
