// Links that open what a port publishes: http(s) on a host's address. In the desktop app they
// leave through the window's open handler, which lets only http and https out.
import type { Host } from '../../shared/types';

export interface PublishedPort {
  published: number;
  target: number;
  protocol: string;
  /** Published on the task's host only (mode: host), not through Swarm's routing mesh. */
  hostMode: boolean;
}

/** service.list's ports ("8080:80/tcp", "8443:443/tcp (host)"); exposed-only ones are left out. */
export function parsePublishedPorts(ports: readonly string[]): PublishedPort[] {
  return ports.flatMap((text) => {
    const m = /^(\d+):(\d+)\/([a-z]+)( \(host\))?$/.exec(text);
    if (!m) return [];
    return [
      { published: Number(m[1]), target: Number(m[2]), protocol: m[3] as string, hostMode: !!m[4] },
    ];
  });
}

/** https for the ports that conventionally speak TLS, else http. */
export const speaksTls = (port: number): boolean => port === 443 || port === 8443;

/** "http://10.0.0.5:8080/" (IPv6 in brackets). */
export function webUrl(address: string, port: number, tls = speaksTls(port)): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `${tls ? 'https' : 'http'}://${host}:${port}/`;
}

/** The first connected host among `candidates` (by name), else the first one known. */
export function reachableHost(hosts: readonly Host[], names?: readonly string[]): Host | null {
  const pool = names ? hosts.filter((h) => names.includes(h.name)) : hosts;
  return pool.find((h) => h.state === 'connected') ?? pool[0] ?? null;
}
