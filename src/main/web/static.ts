// Serves the built renderer. Paths are resolved inside the root only; unknown paths get the
// app's index.html so reloads on any route work.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import type { ServerResponse } from 'node:http';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The first URL carries the token: never let it leave in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function serveStatic(rootDir: string, pathname: string, res: ServerResponse): void {
  const root = path.resolve(rootDir);
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return send(res, 400, 'Bad request');
  }
  const file = path.resolve(root, '.' + path.posix.normalize('/' + relative));
  const inside = file === root || file.startsWith(root + path.sep);
  const target = inside && isFile(file) ? file : path.join(root, 'index.html');
  if (!isFile(target)) {
    return send(res, 503, 'The console UI is not built. Run `npm run build`, then start again.');
  }
  const ext = path.extname(target);
  res.writeHead(200, {
    ...securityHeaders,
    'Content-Type': contentTypes[ext] ?? 'application/octet-stream',
    // Hashed assets may be cached; the entry page never is, so upgrades show at once.
    'Cache-Control': ext === '.html' ? 'no-store' : 'private, max-age=31536000, immutable',
  });
  // A file that vanishes or cannot be read after the check ends this response, not the process.
  pipeline(fs.createReadStream(target), res, () => undefined);
}

export function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text + '\n');
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, {
    ...securityHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(value));
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
