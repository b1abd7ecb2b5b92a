// `drover web` bound to a non-loopback address without a certificate: it makes a self-signed one
// in the data dir, serves HTTPS only, prints the certificate's SHA-256 fingerprint, and keeps the
// same certificate on the next start.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startConsole, type RunningConsole } from './support/console';
import { until } from './support/wait';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-e2e-tls-'));
let drover: RunningConsole | undefined;

afterAll(async () => {
  await drover?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Starts on all addresses and returns the port and the fingerprint it printed. */
async function start(): Promise<{ port: number; fingerprint: string; token: string }> {
  drover = await startConsole(dataDir, ['--host', '0.0.0.0']);
  const printed = await until(
    () => /SHA-256 fingerprint: ([0-9A-F:]{95})/.exec(drover?.output() ?? '')?.[1],
    'the printed fingerprint',
  );
  expect(drover.url).toMatch(/^https:\/\/0\.0\.0\.0:\d+\/\?token=/);
  return { port: Number(new URL(drover.url).port), fingerprint: printed, token: drover.token };
}

function httpsGet(
  port: number,
  target: string,
): Promise<{ status: number; fingerprint: string; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: '127.0.0.1', port, path: target, rejectUnauthorized: false, agent: false },
      (res) => {
        const peer = (res.socket as TLSSocket).getPeerCertificate();
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            fingerprint: peer.fingerprint256,
            setCookie: res.headers['set-cookie'] ?? [],
          }),
        );
      },
    );
    req.on('error', reject);
  });
}

describe('web mode on a non-loopback address', () => {
  let first: Awaited<ReturnType<typeof start>>;

  it('serves HTTPS with the self-signed certificate whose fingerprint it printed', async () => {
    first = await start();
    const reply = await httpsGet(first.port, `/?token=${first.token}`);
    expect(reply.status).toBe(200);
    expect(reply.fingerprint).toBe(first.fingerprint);
    expect(reply.setCookie[0]).toMatch(/;\s*Secure/);
    const key = path.join(dataDir, 'tls', 'self-signed.key');
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(key, 'utf8')).toMatch(/PRIVATE KEY/);
  });

  it('serves no plain HTTP', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = http.get(
        { host: '127.0.0.1', port: first.port, path: '/', agent: false },
        (res) => {
          res.resume();
          resolve(`HTTP ${res.statusCode}`);
        },
      );
      req.on('error', (error) => resolve(`error ${error.message}`));
    });
    expect(outcome).not.toBe('HTTP 200');
  });

  it('carries the contract over wss with the token', async () => {
    const ws = new WebSocket(`wss://127.0.0.1:${first.port}/ws?token=${first.token}`, {
      rejectUnauthorized: false,
    });
    const reply = await new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'app.info', args: {} })));
      ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
      ws.once('error', reject);
    });
    ws.close();
    expect(reply).toMatchObject({ id: 1, ok: true, result: { shell: 'web' } });
  });

  it('keeps the same certificate on the next start', async () => {
    await drover?.stop();
    const again = await start();
    expect(again.fingerprint).toBe(first.fingerprint);
    expect((await httpsGet(again.port, '/')).fingerprint).toBe(first.fingerprint);
  });
});
