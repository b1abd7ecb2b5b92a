// Backend health as HAProxy sees it: the stats CSV, read from inside a running rules-tier task
// (HAProxy answers it on a loopback-only port; nothing is published) through an exec on that
// task's host. bash's /dev/tcp where the image has bash (the official Debian-based image and the
// lab's), else busybox wget (alpine variants).
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { LB_INTERNAL_STATS_PORT } from '../../shared/lb.js';
import type { LbServerHealth } from '../../shared/types.js';

const STATS_SCRIPT = `if command -v bash >/dev/null 2>&1; then
  bash -c 'exec 3<>/dev/tcp/127.0.0.1/${LB_INTERNAL_STATS_PORT}; printf "GET /;csv HTTP/1.0\\r\\n\\r\\n" >&3; cat <&3'
else wget -qO- 'http://127.0.0.1:${LB_INTERNAL_STATS_PORT}/;csv'; fi`;

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
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  docker.modem.demuxStream(stream, out, new PassThrough());
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new Error('the stats read timed out'));
    }, timeoutMs);
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return Buffer.concat(chunks).toString('utf8');
}

export async function readStats(docker: Docker, containerId: string): Promise<string> {
  return execOutput(docker, containerId, ['sh', '-c', STATS_SCRIPT]);
}

/**
 * Server rows of HAProxy's stats CSV (an HTTP answer or bare CSV), by backend name. Slots no task
 * fills (no address, MAINT from resolution) are left out: they are room to scale, not backends.
 */
export function parseStats(text: string): Map<string, LbServerHealth[]> {
  const csv = text.includes('\r\n\r\n') ? text.slice(text.indexOf('\r\n\r\n') + 4) : text;
  const lines = csv.split('\n').filter((l) => l.trim());
  const headerAt = lines.findIndex((l) => l.startsWith('# '));
  const result = new Map<string, LbServerHealth[]>();
  if (headerAt < 0) return result;
  const header = lines[headerAt]!.slice(2).split(',');
  const col = (name: string) => header.indexOf(name);
  const [px, sv, status, addr] = [col('pxname'), col('svname'), col('status'), col('addr')];
  for (const line of lines.slice(headerAt + 1)) {
    const cells = line.split(',');
    const server = cells[sv] ?? '';
    if (server === 'FRONTEND' || server === 'BACKEND') continue;
    const address = cells[addr] ?? '';
    const state = cells[status] ?? '';
    if (!address || address.startsWith('0.0.0.0') || /^MAINT/.test(state)) continue;
    const backend = cells[px] ?? '';
    result.set(backend, [...(result.get(backend) ?? []), { server, address, status: state }]);
  }
  return result;
}
