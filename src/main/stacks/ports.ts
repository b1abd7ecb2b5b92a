// Short port syntax ("8080:80/udp", "127.0.0.1:8000-8001:80", "80") the way docker's loader
// reads it (nat.ParsePortSpecs + opts.ConvertPortToPortConfig): one Swarm port per published
// port, protocol tcp and mode ingress unless said otherwise.

export interface PortConfig {
  Protocol: string;
  TargetPort: number;
  PublishedPort?: number;
  PublishMode: string;
}

function range(text: string, what: string): [number, number] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) throw new Error(`invalid ${what} port "${text}"`);
  const start = Number(match[1]);
  const end = match[2] !== undefined ? Number(match[2]) : start;
  if (start > 65535 || end > 65535 || end < start)
    throw new Error(`invalid ${what} port "${text}"`);
  return [start, end];
}

export function parsePortSpec(spec: string | number): PortConfig[] {
  let text = String(spec).trim();
  let protocol = 'tcp';
  const slash = text.lastIndexOf('/');
  if (slash >= 0) {
    protocol = text.slice(slash + 1).toLowerCase();
    text = text.slice(0, slash);
    if (!['tcp', 'udp', 'sctp'].includes(protocol))
      throw new Error(`invalid protocol "${protocol}"`);
  }
  // [ip:][host:]container, where ip may be [v6] or contain no colon.
  let ip = '';
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) throw new Error(`invalid port spec "${spec}"`);
    ip = text.slice(1, end);
    text = text.slice(end + 2);
  }
  const parts = text.split(':');
  let host = '';
  let container = '';
  if (parts.length === 1) container = parts[0] as string;
  else if (parts.length === 2) [host, container] = parts as [string, string];
  else if (parts.length === 3 && !ip) [ip, host, container] = parts as [string, string, string];
  else throw new Error(`invalid port spec "${spec}"`);
  void ip; // Swarm ports have no host IP; docker ignores it the same way.
  const [start, end] = range(container, 'container');
  if (!host) {
    const ports: PortConfig[] = [];
    for (let p = start; p <= end; p++)
      ports.push({ Protocol: protocol, TargetPort: p, PublishMode: 'ingress' });
    return ports;
  }
  const [hostStart, hostEnd] = range(host, 'published');
  if (end - start !== hostEnd - hostStart && end !== start) {
    throw new Error(`invalid ranges for container and published ports in "${spec}"`);
  }
  const ports: PortConfig[] = [];
  if (end === start) {
    // One container port behind a published range: one Swarm port per published port.
    for (let p = hostStart; p <= hostEnd; p++) {
      ports.push({
        Protocol: protocol,
        TargetPort: start,
        PublishedPort: p,
        PublishMode: 'ingress',
      });
    }
  } else {
    for (let i = 0; i <= end - start; i++) {
      ports.push({
        Protocol: protocol,
        TargetPort: start + i,
        PublishedPort: hostStart + i,
        PublishMode: 'ingress',
      });
    }
  }
  return ports;
}
