// HTTPS for web mode. Bound to anything but loopback, the console is served over TLS only: with
// the operator's certificate (--tls-cert/--tls-key), or with a self-signed one made once in the
// data dir, whose SHA-256 fingerprint is printed so a person can compare it with the one the
// browser shows before accepting it.
// Node's crypto makes keys but cannot build an X.509 certificate. The `openssl` binary is not
// part of every Debian install (minimal images lack it), so the certificate comes from the
// `selfsigned` package: pure JavaScript (@peculiar/x509 over WebCrypto), maintained, no binary.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { DroverError } from '../../shared/errors.js';
import { ensurePrivateFile, securePrivateDir } from '../store/private-dir.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, colon-separated hex, as browsers show it. */
  fingerprint: string;
  /** Where the certificate is, for the start message. */
  certFile: string;
  selfSigned: boolean;
}

/** The operator's certificate and key; a clear error when they do not belong together. */
export function loadTls(certFile: string, keyFile: string): TlsMaterial {
  const cert = readPem(certFile, 'certificate');
  const key = readPem(keyFile, 'key');
  return { ...checked(cert, key, `${certFile} and ${keyFile}`), certFile, selfSigned: false };
}

/**
 * The data dir's self-signed certificate, made on first use (key 0600 in a 0700 folder) and kept,
 * so its fingerprint stays the same from one start to the next.
 */
export async function selfSignedTls(dataDir: string, host: string): Promise<TlsMaterial> {
  const dir = path.join(dataDir, 'tls');
  const certFile = path.join(dir, 'self-signed.crt');
  const keyFile = path.join(dir, 'self-signed.key');
  securePrivateDir(dir);
  if (!fs.existsSync(certFile) || !fs.existsSync(keyFile)) {
    const now = new Date();
    const made = await generate(
      [{ name: 'commonName', value: `Drover console on ${os.hostname()}` }],
      {
        keyType: 'ec',
        curve: 'P-256',
        algorithm: 'sha256',
        notBeforeDate: now,
        notAfterDate: new Date(now.getTime() + 2 * 365 * 86_400_000),
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: altNames(host) },
        ],
      },
    );
    // The key is written into a file that is 0600 before it holds anything.
    ensurePrivateFile(keyFile);
    fs.writeFileSync(keyFile, made.private);
    fs.writeFileSync(certFile, made.cert, { mode: 0o644 });
  }
  const cert = readPem(certFile, 'certificate');
  const key = readPem(keyFile, 'key');
  return { ...checked(cert, key, certFile), certFile, selfSigned: true };
}

/** The names a browser may reach this console by: this machine's, loopback, the bound one. */
function altNames(host: string): { type: 2 | 7; value?: string; ip?: string }[] {
  const names = new Set(['localhost', os.hostname()]);
  const ips = new Set(['127.0.0.1', '::1']);
  const bound = host.replace(/^\[|\]$/g, '');
  if (net.isIP(bound) && bound !== '0.0.0.0' && bound !== '::') ips.add(bound);
  else if (!net.isIP(bound)) names.add(bound);
  if (bound === '0.0.0.0' || bound === '::') {
    for (const list of Object.values(os.networkInterfaces())) {
      for (const address of list ?? []) if (!address.internal) ips.add(address.address);
    }
  }
  return [
    ...[...names].filter(Boolean).map((value) => ({ type: 2 as const, value })),
    ...[...ips].map((ip) => ({ type: 7 as const, ip })),
  ];
}

function readPem(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new DroverError(
      'INVALID_ARGUMENT',
      `Cannot read the TLS ${what} ${file}: ${(error as Error).message}`,
    );
  }
}

function checked(
  cert: string,
  key: string,
  where: string,
): { cert: string; key: string; fingerprint: string } {
  let x509: crypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(cert);
    if (!x509.checkPrivateKey(crypto.createPrivateKey(key))) {
      throw new Error('the key does not belong to the certificate');
    }
  } catch (error) {
    throw new DroverError(
      'INVALID_ARGUMENT',
      `The TLS certificate and key in ${where} are not usable: ${(error as Error).message}`,
    );
  }
  return { cert, key, fingerprint: x509.fingerprint256 };
}
