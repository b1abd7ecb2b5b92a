// Faults injected into lab hosts from the machine itself, so they work while the host's SSH is cut:
// its link down/up, its Docker CLI run inside its namespaces, CPU load on the machine.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { LabHost } from '../../support/lab';

const labScript = path.join(__dirname, '..', '..', 'lab', 'lab.sh');

function checkedName(host: LabHost): string {
  if (!/^[a-z0-9-]+$/.test(host.name)) throw new Error(`Not a lab host name: ${host.name}`);
  return host.name;
}

/** Takes the host's link to the lab bridge down (or up): nothing reaches it, Docker included. */
export function setLink(host: LabHost, state: 'up' | 'down'): void {
  execFileSync('ip', ['link', 'set', `vh-${checkedName(host)}`, state]);
}

/** The pid of the process holding the host's namespaces (lab.sh's host-main.sh NAME). */
function hostPid(host: LabHost): string {
  const marker = `host-main.sh ${checkedName(host)} `;
  const line = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .find((l) => `${l} `.includes(marker));
  const pid = line?.trim().split(/\s+/)[0];
  if (!pid) throw new Error(`Lab host ${host.name} is not running`);
  return pid;
}

/** The host's own Docker CLI (as an operator logged in there would run it), without SSH. */
export function hostDocker(host: LabHost, ...args: string[]): string {
  return execFileSync(
    'nsenter',
    ['-t', hostPid(host), '-m', '-u', '-n', '/usr/bin/docker', ...args],
    { encoding: 'utf8', timeout: 30_000 },
  );
}

/** Restarts the host's dockerd and sshd (the lab's own restart). */
export function restartHost(host: LabHost): void {
  execFileSync('bash', [labScript, 'restart', checkedName(host)], {
    stdio: 'ignore',
    timeout: 120_000,
  });
}

/** Busy loops on every core of the machine until stopped: "a busy 2-core machine". */
export function cpuLoad(): { stop(): void } {
  const children: ChildProcess[] = os
    .cpus()
    .map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  return {
    stop: () => {
      for (const child of children) child.kill('SIGKILL');
    },
  };
}
