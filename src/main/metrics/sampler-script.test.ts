// The sampler script itself, run by dash and busybox sh against cgroup v2 trees laid out as real
// hosts have them (the lab only has v1): cgroupfs (/docker/<id>) and systemd
// (/system.slice/docker-<id>.scope) drivers, with the v2 files' real formats.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TempDirs } from '../test-support';
import { parseHeader, parseRecord } from './record';
import { samplerCommand, samplerScript, validTick } from './sampler-script';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

// Recorded from a Debian 12 host (cgroup v2, docker 24) and trimmed to the lines that matter.
const v2Files = (pid: number, limited: boolean): Record<string, string> => ({
  'cpu.stat':
    'usage_usec 8812345\nuser_usec 6000000\nsystem_usec 2812345\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n',
  'cpu.max': limited ? '50000 100000\n' : 'max 100000\n',
  'memory.current': '215343104\n',
  'memory.max': limited ? '536870912\n' : 'max\n',
  'memory.stat':
    'anon 209715200\nfile 4505600\nkernel 1220608\nkernel_stack 16384\npagetables 458752\n' +
    'sec_pagetables 0\npercpu 480\nsock 0\nvmalloc 0\nshmem 0\nfile_mapped 0\nfile_dirty 0\n' +
    'file_writeback 0\nswapcached 0\nanon_thp 0\nfile_thp 0\nshmem_thp 0\ninactive_anon 209711104\n' +
    'active_anon 4096\ninactive_file 4096000\nactive_file 409600\nunevictable 0\n',
  'io.stat':
    '8:0 rbytes=1048576 wbytes=2097152 rios=10 wios=20 dbytes=0 dios=0\n' +
    '259:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n',
  'cgroup.procs': `${pid}\n`,
});

function v2Tree(layout: 'cgroupfs' | 'systemd'): string {
  const root = dirs.make('drover-cgroup-v2-');
  fs.writeFileSync(
    path.join(root, 'cgroup.controllers'),
    'cpuset cpu io memory hugetlb pids rdma\n',
  );
  const dirFor = (id: string) =>
    layout === 'cgroupfs'
      ? path.join(root, 'docker', id)
      : path.join(root, 'system.slice', `docker-${id}.scope`);
  // A is in this test's own network namespace (host network); B's pid is gone (stopping).
  for (const [id, pid, limited] of [
    [ID_A, process.pid, true],
    [ID_B, 999_999_999, false],
  ] as const) {
    fs.mkdirSync(dirFor(id), { recursive: true });
    for (const [file, text] of Object.entries(v2Files(pid, limited)))
      fs.writeFileSync(path.join(dirFor(id), file), text);
  }
  if (layout === 'systemd') fs.mkdirSync(path.join(root, 'system.slice', 'ssh.service'));
  return root;
}

/** An `awk` on PATH that is busybox's (the other runs use the machine's, mawk on Debian). */
function busyboxAwkPath(): string {
  const dir = dirs.make('drover-busybox-awk-');
  fs.symlinkSync(
    execFileSync('which', ['busybox'], { encoding: 'utf8' }).trim(),
    path.join(dir, 'awk'),
  );
  return `${dir}:${process.env.PATH ?? ''}`;
}

/** The script's output over ~1.5 s (its first record) with the given shell and cgroup root. */
function run(shell: string[], root: string, pathEnv = process.env.PATH): string {
  const [program, ...args] = shell as [string, ...string[]];
  return spawnSync(program, [...args, '-c', samplerScript, 'drover-sampler', '1'], {
    env: { ...process.env, PATH: pathEnv, DROVER_CGROUP_ROOT: root },
    encoding: 'utf8',
    timeout: 1_500,
    killSignal: 'SIGKILL',
  }).stdout;
}

const shells: [string, string[], boolean][] = [
  ['dash and mawk', ['dash'], false],
  ['busybox sh and busybox awk', ['busybox', 'sh'], true],
];

describe.each(shells)('the sampler script under %s', (_name, shell, busyboxAwk) => {
  for (const layout of ['cgroupfs', 'systemd'] as const) {
    it(`reads cgroup v2 containers with the ${layout} driver`, () => {
      const lines = run(shell, v2Tree(layout), busyboxAwk ? busyboxAwkPath() : undefined).split(
        '\n',
      );
      expect(parseHeader(lines[0]!)).toMatchObject({ cgroup: 'v2', driver: layout });
      const end = lines.indexOf('.');
      expect(end).toBeGreaterThan(0);
      const record = parseRecord(lines.slice(1, end));
      const a = record.containers.find((c) => c.id === ID_A)!;
      expect(a).toMatchObject({
        cpuNs: 8_812_345_000,
        cpuLimit: 0.5,
        memUsage: 215_343_104,
        memLimit: 536_870_912,
        memCache: 4_505_600,
        memInactiveFile: 4_096_000,
        blkRead: 1_048_576 + 4_096,
        blkWrite: 2_097_152,
        // Its pid shares this process's network namespace: no per-container rx/tx.
        netns: 'host',
      });
      const b = record.containers.find((c) => c.id === ID_B)!;
      expect(b).toMatchObject({ cpuLimit: null, memLimit: null, netns: 'none' });
      // The host part comes from this machine's /proc.
      expect(record.host.cores.length).toBeGreaterThan(0);
      expect(record.host.memory.total).toBeGreaterThan(0);
      expect(record.uptime).toBeGreaterThan(0);
    });
  }
});

describe('the sampler command', () => {
  it('passes only a validated whole-second tick', () => {
    expect(samplerCommand(2)).toMatch(/drover-sampler 2$/);
    for (const bad of [0, 61, 1.5, Number.NaN]) expect(() => validTick(bad)).toThrow(RangeError);
  });

  it('quotes the constant script so the remote shell passes it through whole', () => {
    const command = samplerCommand(1).replace(/^exec sh -c /, 'printf %s ');
    const out = execFileSync('sh', ['-c', command], { encoding: 'utf8' });
    // printf %s <script> drover-sampler 1: the script arrives byte for byte as one argument.
    expect(out).toBe(`${samplerScript}drover-sampler1`);
  });
});
