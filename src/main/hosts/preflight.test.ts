import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PreflightCheck } from '../../shared/types.js';
import type { HostConnection } from '../ssh/host-connection.js';
import { runPreflight, type PreflightOptions } from './preflight.js';

const GiB = 1024 ** 3;
const NOW = 1_760_000_000_000; // ms, the workstation's clock in these tests

/** How the scripted host looks; each test changes what it needs. */
interface FakeHost {
  user: string;
  modules: { vxlan: boolean; ip_vs: boolean; esp4: boolean };
  bash: boolean;
  /** The host clock minus the workstation's, in ms. */
  skewMs: number;
  dockerVersion: string;
  dockerError?: Error;
  memTotal: number;
  rootDir: string;
  /** df -Pk's last line: 1024-blocks and available, in KiB. */
  diskKiB: { total: number; available: number };
  /** `address/port` pairs whose TCP connect fails from the host. */
  closed: string[];
}

const healthy = (): FakeHost => ({
  user: 'ops',
  modules: { vxlan: true, ip_vs: true, esp4: true },
  bash: true,
  skewMs: 0,
  dockerVersion: '27.3.1',
  memTotal: 8 * GiB,
  rootDir: '/var/lib/docker',
  diskKiB: { total: 100 * 1024 * 1024, available: 60 * 1024 * 1024 },
  closed: [],
});

function factsOutput(host: FakeHost): string {
  const clockNs = BigInt(NOW + host.skewMs) * 1_000_000n + 123_456n;
  const lines = [
    'os=Debian GNU/Linux 12 (bookworm)',
    'kernel=6.1.0-18-amd64',
    `clock=${clockNs}`,
    ...(['vxlan', 'ip_vs', 'esp4'] as const).map(
      (m) => `module_${m}=${host.modules[m] ? 'yes' : 'no'}`,
    ),
  ];
  if (host.bash) lines.push('bash=yes');
  return lines.join('\n') + '\n';
}

/**
 * Runs the generated port probe in a real shell, with `timeout` standing in for the TCP connect:
 * it fails for the `address/port` pairs listed in $CLOSED. So the probe's own quoting and echo
 * lines are what produce the answer.
 */
function runProbe(script: string, closed: string[]): string {
  // timeout 3 bash -c PROBE drover-probe ADDRESS PORT: the address and port are $6 and $7.
  const fakeTimeout = `timeout() { case " $CLOSED " in *" $6/$7 "*) return 1;; esac; return 0; }\n`;
  return execFileSync('sh', ['-c', fakeTimeout + script], {
    encoding: 'utf8',
    env: { ...process.env, CLOSED: closed.join(' ') },
  });
}

/** A HostConnection stand-in: scripted exec answers and a fake Docker API. */
function fakeConnection(host: FakeHost) {
  const commands: string[] = [];
  const connection = {
    user: host.user,
    async exec(command: string) {
      commands.push(command);
      let stdout = '';
      if (command.includes('module_')) stdout = factsOutput(host);
      else if (command.startsWith('df -Pk')) {
        const { total, available } = host.diskKiB;
        stdout = `/dev/sda1 ${total} ${total - available} ${available} 40% /\n`;
      } else if (command.includes('/dev/tcp/')) stdout = runProbe(command, host.closed);
      else throw new Error(`unexpected command: ${command}`);
      return { stdout, stderr: '', code: 0 };
    },
    docker() {
      return {
        version: async () => {
          if (host.dockerError) throw host.dockerError;
          return { Version: host.dockerVersion };
        },
        info: async () => ({
          NCPU: 4,
          MemTotal: host.memTotal,
          OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
          KernelVersion: '6.1.0-18-amd64',
          DockerRootDir: host.rootDir,
          Swarm: { LocalNodeState: 'inactive', NodeID: '' },
        }),
      };
    },
  };
  return { connection: connection as unknown as HostConnection, commands };
}

async function preflight(host: FakeHost, options: Partial<PreflightOptions> = {}) {
  const { connection, commands } = fakeConnection(host);
  const result = await runPreflight(connection, {
    managerAddresses: [],
    now: () => NOW,
    ...options,
  });
  const check = (id: string): PreflightCheck => {
    const found = result.checks.find((c) => c.id === id);
    if (!found) throw new Error(`no '${id}' check in ${result.checks.map((c) => c.id).join(', ')}`);
    return found;
  };
  return { result, check, commands };
}

describe('runPreflight', () => {
  it('passes a healthy host and records its facts', async () => {
    const { result, check } = await preflight(healthy());
    expect(result.passed).toBe(true);
    expect(result.checks.filter((c) => c.status !== 'ok' && c.status !== 'skipped')).toEqual([]);
    expect(result.facts).toEqual({
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0-18-amd64',
      dockerVersion: '27.3.1',
      cpus: 4,
      memoryBytes: 8 * GiB,
      diskBytes: 100 * GiB,
      diskFreeBytes: 60 * GiB,
      capabilities: { overlay: true, routingMesh: true, encryptedOverlay: true },
    });
    expect(result.swarm).toEqual({ LocalNodeState: 'inactive', NodeID: '' });
    expect(check('docker').detail).toContain('ops');
    expect(check('disk').detail).toBe('60.0 GiB free of 100.0 GiB in /var/lib/docker');
    expect(check('swarm-ports')).toMatchObject({ status: 'skipped', detail: /First host/ });
  });

  it('fails when the login user may not use the Docker socket, with the usermod fix', async () => {
    const host = { ...healthy(), user: 'deploy' };
    host.dockerError = new Error('connect EACCES /var/run/docker.sock');
    const { result, check } = await preflight(host);
    expect(result.passed).toBe(false);
    expect(check('docker').status).toBe('fail');
    expect(check('docker').detail).toMatch(/deploy may not use the Docker socket/);
    expect(check('docker').fix).toContain('sudo usermod -aG docker deploy');
    // Nothing that needs Docker is claimed.
    expect(result.facts.dockerVersion).toBeUndefined();
    expect(result.checks.map((c) => c.id)).not.toContain('disk');
    expect(result.checks.map((c) => c.id)).not.toContain('docker-version');
  });

  it('says so when the Docker API answers "permission denied"', async () => {
    const host = healthy();
    host.dockerError = new Error(
      'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock',
    );
    const { result, check } = await preflight(host);
    expect(result.passed).toBe(false);
    expect(check('docker').fix).toContain('sudo usermod -aG docker ops');
  });

  it('asks to install Docker when the socket cannot be opened over SSH (no socket there)', async () => {
    // HostConnection reports "open failed" only once `test -S` has found no socket; a socket that
    // is there but refused goes through dial-stdio instead.
    const host = healthy();
    host.dockerError = new Error(
      'Cannot reach Docker at /var/run/docker.sock over SSH: (SSH) Channel open failure: open failed',
    );
    const { result, check } = await preflight(host);
    expect(result.passed).toBe(false);
    expect(check('docker')).toMatchObject({ status: 'fail', detail: /No Docker socket/ });
    expect(check('docker').fix).toMatch(/Install and start Docker/);
  });

  it('fails Docker 18.09 as too old', async () => {
    const { result, check } = await preflight({ ...healthy(), dockerVersion: '18.09.7' });
    expect(check('docker-version')).toMatchObject({
      status: 'fail',
      detail: /18\.09\.7 is too old/,
    });
    expect(result.passed).toBe(false);
  });

  it('accepts Docker 19.03 with a warning, and 20.10 or newer without', async () => {
    const old = await preflight({ ...healthy(), dockerVersion: '19.03.15' });
    expect(old.check('docker-version').status).toBe('warn');
    expect(old.check('docker-version').detail).toMatch(/20\.10 or newer is recommended/);
    expect(old.result.passed).toBe(true);
    for (const version of ['20.10.24', '24.0.7', '28.0.0-rc.1']) {
      const { check } = await preflight({ ...healthy(), dockerVersion: version });
      expect(check('docker-version').status).toBe('ok');
    }
  });

  it('warns about missing IPVS and ESP, and records what the kernel cannot do', async () => {
    const host = { ...healthy(), modules: { vxlan: true, ip_vs: false, esp4: false } };
    const { result, check } = await preflight(host);
    expect(result.passed).toBe(true);
    expect(check('kernel').status).toBe('warn');
    expect(check('kernel').detail).toMatch(/IPVS/);
    expect(check('kernel').detail).toMatch(/ESP/);
    expect(check('kernel').detail).not.toMatch(/VXLAN/);
    expect(result.facts.capabilities).toEqual({
      overlay: true,
      routingMesh: false,
      encryptedOverlay: false,
    });
  });

  it('warns that without VXLAN there are no overlay networks across hosts', async () => {
    const host = { ...healthy(), modules: { vxlan: false, ip_vs: true, esp4: true } };
    const { result, check } = await preflight(host);
    expect(check('kernel').status).toBe('warn');
    expect(check('kernel').detail).toMatch(/VXLAN.*overlay/);
    expect(result.facts.capabilities?.overlay).toBe(false);
  });

  it('warns about a host clock 5 s ahead, and not about one within 2 s', async () => {
    const ahead = await preflight({ ...healthy(), skewMs: 5_000 });
    expect(ahead.check('clock').status).toBe('warn');
    expect(ahead.check('clock').detail).toMatch(/^\+5\.00 s/);
    expect(ahead.check('clock').fix).toMatch(/NTP/);
    expect(ahead.result.passed).toBe(true);

    const behind = await preflight({ ...healthy(), skewMs: -5_000 });
    expect(behind.check('clock')).toMatchObject({ status: 'warn', detail: /^-5\.00 s/ });

    const close = await preflight({ ...healthy(), skewMs: 1_500 });
    expect(close.check('clock').status).toBe('ok');
  });

  it('warns that it could not read a clock without nanoseconds (busybox date prints %N as N)', async () => {
    const host = healthy();
    const { connection } = fakeConnection(host);
    const exec = connection.exec.bind(connection);
    connection.exec = async (command, options) => {
      const result = await exec(command, options);
      return { ...result, stdout: result.stdout.replace(/^clock=.*$/m, `clock=${NOW / 1000}N`) };
    };
    const result = await runPreflight(connection, { managerAddresses: [], now: () => NOW });
    expect(result.checks.find((c) => c.id === 'clock')).toMatchObject({
      status: 'warn',
      detail: 'Could not read the host clock',
    });
  });

  it('warns when the disk under Docker is nearly full', async () => {
    const host = { ...healthy(), diskKiB: { total: 100 * 1024 * 1024, available: 1024 * 1024 } };
    const { result, check } = await preflight(host);
    expect(check('disk').status).toBe('warn');
    expect(check('disk').detail).toBe('1.0 GiB free of 100.0 GiB in /var/lib/docker');
    expect(check('disk').fix).toMatch(/prune/);
    expect(result.facts.diskFreeBytes).toBe(GiB);
    expect(result.passed).toBe(true);
  });

  it('warns when less than a tenth of a large disk is free', async () => {
    const host = {
      ...healthy(),
      diskKiB: { total: 1000 * 1024 * 1024, available: 50 * 1024 * 1024 },
    };
    const { check } = await preflight(host);
    expect(check('disk').status).toBe('warn');
  });

  it('fails when a manager is not reachable on 2377/tcp, naming it', async () => {
    const host = { ...healthy(), closed: ['10.0.0.2/2377'] };
    const { result, check } = await preflight(host, {
      managerAddresses: ['10.0.0.1', '10.0.0.2'],
    });
    expect(result.passed).toBe(false);
    expect(check('swarm-ports').status).toBe('fail');
    expect(check('swarm-ports').detail).toBe('Not reachable from this host: 10.0.0.2:2377/tcp');
    expect(check('swarm-ports').fix).toMatch(/2377\/tcp/);
  });

  it('only warns when 7946/tcp alone is closed', async () => {
    const host = { ...healthy(), closed: ['10.0.0.1/7946'] };
    const { result, check } = await preflight(host, { managerAddresses: ['10.0.0.1'] });
    expect(result.passed).toBe(true);
    expect(check('swarm-ports')).toMatchObject({
      status: 'warn',
      detail: 'Not reachable from this host: 10.0.0.1:7946/tcp',
    });
  });

  it('is happy when every manager port answers', async () => {
    const { result, check } = await preflight(healthy(), {
      managerAddresses: ['10.0.0.1', 'mgr.example.com'],
    });
    expect(result.passed).toBe(true);
    expect(check('swarm-ports').status).toBe('ok');
  });

  it('skips the port probe on a host without bash', async () => {
    const host = { ...healthy(), bash: false, closed: ['10.0.0.1/2377'] };
    const { result, check, commands } = await preflight(host, { managerAddresses: ['10.0.0.1'] });
    expect(check('swarm-ports')).toMatchObject({ status: 'skipped', detail: /No bash/ });
    expect(result.passed).toBe(true);
    expect(commands.some((c) => c.includes('/dev/tcp/'))).toBe(false);
  });

  it.each([
    ['/srv/docker data', "df -Pk '/srv/docker data' | tail -n 1"],
    ['/srv/$(reboot)', "df -Pk '/srv/$(reboot)' | tail -n 1"],
    ["/srv/it's", `df -Pk '/srv/it'\\''s' | tail -n 1`],
  ])('quotes a DockerRootDir of %j in the disk command', async (rootDir, expected) => {
    const { commands, check } = await preflight({ ...healthy(), rootDir });
    expect(commands.filter((c) => c.startsWith('df -Pk'))).toEqual([expected]);
    expect(check('disk').detail).toContain(`in ${rootDir}`);
  });
});
