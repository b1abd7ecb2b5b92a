// What the lab (e2e/lab/lab.sh up) wrote about itself: hosts, the SSH key, the registry, images.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { labSshArgs } from './lab-ssh.cjs';

export interface LabHost {
  name: string;
  address: string;
  port: number;
  user: string;
  hostKeyFingerprint: string;
}

export interface Lab {
  registry: string;
  /** The same images behind basic auth (user/password), for private-registry tests. */
  privateRegistry: { address: string; user: string; password: string; whoami: string };
  sshKey: string;
  knownHosts: string;
  passwordUser: { user: string; password: string };
  hosts: LabHost[];
  images: Record<'nginx' | 'haproxy' | 'whoami', string>;
}

export const labDir = process.env.DROVER_LAB_DIR ?? '/var/lib/drover-lab';

export function readLab(): Lab {
  const file = path.join(labDir, 'lab.json');
  if (!fs.existsSync(file)) {
    throw new Error(`The lab is not up (${file} is missing): run \`sudo npm run lab:up\` first`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Lab;
}

/** Runs a command on a lab host as root over the machine's ssh client (test set-up and checks). */
export function labSsh(lab: Lab, host: LabHost, command: string): string {
  return execFileSync('ssh', labSshArgs(lab, host, command), { encoding: 'utf8' });
}

/** The same, without blocking (work on several hosts at once, a test that samples meanwhile). */
export async function labSshAsync(lab: Lab, host: LabHost, command: string): Promise<string> {
  return (await promisify(execFile)('ssh', labSshArgs(lab, host, command))).stdout;
}

/**
 * Takes lab hosts out of any Swarm they are in (clean-up after tests that form one), and restarts
 * the ones that were in one: Docker 20.10 can keep the old Swarm's gossip keys after leaving, and
 * a host that joins the next Swarm with them carries no overlay traffic ("memberlist: No installed
 * keys could decrypt the message") until its dockerd restarts. About 4 s, the hosts in parallel.
 */
export function leaveSwarm(lab: Lab, hosts: LabHost | LabHost[]): void {
  const left: string[] = [];
  for (const host of Array.isArray(hosts) ? hosts : [hosts]) {
    try {
      const out = labSsh(lab, host, 'docker swarm leave --force 2>/dev/null || true');
      if (/left the swarm/i.test(out)) left.push(host.name);
      // A node that leaves keeps its tasks' stopped containers: the next test would list them.
      labSsh(
        lab,
        host,
        'docker ps -aq --filter label=com.docker.swarm.task.id | xargs -r docker rm -f >/dev/null',
      );
    } catch {
      // Unreachable hosts are restored by the next `lab.sh up`.
    }
  }
  if (left.length)
    // stderr kept: a host that does not come back says why in the error (the lab's own words).
    execFileSync('bash', [path.join(__dirname, '..', 'lab', 'lab.sh'), 'restart', ...left], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 180_000,
    });
}

/**
 * Cuts (or restores) the SSH path to a lab host while its Docker keeps running: a DROP rule on
 * port 22 inside the host's network namespace (named as the host).
 */
export function blockSsh(host: LabHost, blocked: boolean): void {
  blockInput(host, [['-p', 'tcp', '--dport', '22']], blocked);
}

/** Closes (or opens) a host's Swarm gossip port, 7946 TCP and UDP, to what comes in. */
export function blockGossip(host: LabHost, blocked: boolean): void {
  blockInput(
    host,
    [
      ['-p', 'tcp', '--dport', '7946'],
      ['-p', 'udp', '--dport', '7946'],
    ],
    blocked,
  );
}

/** DROP rules for incoming traffic inside the host's network namespace; removed all when unblocked. */
function blockInput(host: LabHost, matches: string[][], blocked: boolean): void {
  if (!/^[a-z0-9-]+$/.test(host.name)) throw new Error(`Not a lab host name: ${host.name}`);
  for (const match of matches) {
    const run = (flag: string) =>
      execFileSync(
        'ip',
        ['netns', 'exec', host.name, 'iptables', flag, 'INPUT', ...match, '-j', 'DROP'],
        {
          stdio: 'pipe',
        },
      );
    if (blocked) run('-I');
    else {
      // Every rule this added, however many times.
      for (;;) {
        try {
          run('-D');
        } catch {
          break;
        }
      }
    }
  }
}

/**
 * The lab hosts a test uses, by index, from an environment variable (e.g. "3,4"), so tests can
 * run beside each other on a bigger lab; CI uses the first `count` hosts.
 */
export function pickHosts(lab: Lab, variable: string, count: number): LabHost[] {
  const spec = process.env[variable] ?? [...Array(count).keys()].join(',');
  const hosts = spec.split(',').map((s) => lab.hosts[Number.parseInt(s.trim(), 10)]);
  if (hosts.length !== count || hosts.some((h) => h === undefined)) {
    throw new Error(
      `${variable}="${spec}" must name ${count} lab hosts by index (the lab has ${lab.hosts.length})`,
    );
  }
  return hosts as LabHost[];
}
