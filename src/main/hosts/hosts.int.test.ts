// Hosts against the lab's real sshd and dockerd: the CLI adds three hosts and forms a Swarm,
// labels go to the Swarm node as data, a cut link turns a host unreachable and back, a
// regenerated host key is refused with both fingerprints, and removal drains the host first.
// Hosts: DROVER_HOST_HOSTS (indices into lab.json, default "0,1,2").
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFor, testerContext } from '../../../e2e/support/core';
import {
  labDir,
  labSsh,
  leaveSwarm,
  pickHosts,
  readLab,
  type LabHost,
} from '../../../e2e/support/lab';
import { until } from '../../../e2e/support/wait';
import type { Host } from '../../shared/types';
import { createCore, type Core } from '../core/core';
import { TempDirs } from '../test-support';

const lab = readLab();
const [a, b, c] = pickHosts(lab, 'DROVER_HOST_HOSTS', 3) as [LabHost, LabHost, LabHost];
const dirs = new TempDirs();
const dataDir = dirs.make('drover-hosts-int-');
const ctx = testerContext;
const drover = cliFor(dataDir);

function nodes(): string[] {
  return labSsh(lab, a, "docker node ls --format '{{.Hostname}} {{.Status}} {{.ManagerStatus}}'")
    .trim()
    .split('\n')
    .map((line) => line.trimEnd())
    .sort();
}

let core: Core | undefined;

beforeAll(() => {
  for (const host of [a, b, c]) leaveSwarm(lab, host);
});

afterAll(() => {
  core?.close();
  execFileSync('ip', ['link', 'set', `vh-${c.name}`, 'up']);
  for (const host of [a, b, c]) leaveSwarm(lab, host);
  dirs.cleanup();
});

describe('hosts over SSH, on the lab', () => {
  it('refuses an unknown host key without a trust flag, and prints its fingerprint', async () => {
    const result = await drover('host', 'add', '--key', lab.sshKey, `root@${a.address}`);
    expect(result.code).toBe(1);
    expect(result.err).toContain(a.hostKeyFingerprint);
    expect(JSON.parse((await drover('host', 'ls', '--json')).out)).toEqual([]);
  });

  it('refuses names with shell metacharacters before touching any host', async () => {
    const result = await drover(
      'host',
      'add',
      '--name',
      'x;touch /tmp/drover-pwned',
      '--key',
      lab.sshKey,
      '--trust-on-first-use',
      `root@${a.address}`,
    );
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/name/i);
    expect(fs.existsSync('/tmp/drover-pwned')).toBe(false);
  });

  it('adds three hosts (pinned key, trust on first use, password) into one Swarm', async () => {
    const first = await drover(
      'host',
      'add',
      '--name',
      'lab-a',
      '--key',
      lab.sshKey,
      '--host-key',
      a.hostKeyFingerprint,
      `root@${a.address}`,
    );
    expect(first.err).toContain('added as a manager');
    expect(first.code).toBe(0);
    const second = await drover(
      'host',
      'add',
      '--name',
      'lab-b',
      '--key',
      lab.sshKey,
      '--trust-on-first-use',
      `root@${b.address}`,
    );
    expect(second.code).toBe(0);

    core = createCore({ dataDir, shell: 'web', connectHosts: true });
    const environmentId = core.services.environments.list()[0]!.id;
    const third = await core.call(
      'host.add',
      {
        environmentId,
        name: 'lab-c',
        address: c.address,
        user: lab.passwordUser.user,
        auth: { kind: 'password', password: lab.passwordUser.password },
        hostKey: c.hostKeyFingerprint,
      },
      ctx,
    );
    expect(third.host.role).toBe('worker');

    expect(nodes()).toEqual([`${a.name} Ready Leader`, `${b.name} Ready`, `${c.name} Ready`]);
    const listed = JSON.parse((await drover('host', 'ls', '--json')).out) as Host[];
    expect(listed.map((h) => [h.name, h.state, h.role, h.hostKey])).toEqual([
      ['lab-a', 'connected', 'manager', a.hostKeyFingerprint],
      ['lab-b', 'connected', 'worker', b.hostKeyFingerprint],
      ['lab-c', 'connected', 'worker', c.hostKeyFingerprint],
    ]);
    // The password is sealed at rest, and the audit log has it redacted.
    const row = core.services.db
      .prepare("SELECT * FROM hosts WHERE name = 'lab-c'")
      .get() as Record<string, unknown>;
    expect(String(row.secret)).toMatch(/^v1:keyfile:/);
    expect(JSON.stringify(row)).not.toContain(lab.passwordUser.password);
    const audit = core.services.audit.list(50).find((e) => e.target === 'lab-c');
    expect(audit?.details.auth).toEqual({ kind: 'password', password: '[redacted]' });
    expect(listed[0]!.preflight.find((p) => p.id === 'docker')?.status).toBe('ok');
  });

  it('keeps label values with shell metacharacters as plain data on the Swarm node', async () => {
    const result = await drover(
      'host',
      'label',
      'lab-b',
      'zone=$(touch /tmp/drover-pwned)',
      'note=a;b`c`',
    );
    expect(result.code).toBe(0);
    const labels = JSON.parse(
      labSsh(lab, a, `docker node inspect ${b.name} --format '{{json .Spec.Labels}}'`),
    ) as Record<string, string>;
    expect(labels).toEqual({ zone: '$(touch /tmp/drover-pwned)', note: 'a;b`c`' });
    expect(fs.existsSync('/tmp/drover-pwned')).toBe(false);
    expect((await drover('host', 'label', 'lab-b', 'note-')).code).toBe(0);
  });

  it('advises on quorum: 2 managers tolerate no failure', async () => {
    expect((await drover('host', 'promote', 'lab-b')).code).toBe(0);
    const environmentId = core!.services.environments.list()[0]!.id;
    const cluster = await core!.call('env.cluster', { environmentId }, ctx);
    expect(cluster.nodes.filter((n) => n.role === 'manager')).toHaveLength(2);
    expect(cluster.advice.join(' ')).toContain('2 managers');
    expect((await drover('host', 'demote', 'lab-b')).code).toBe(0);
  });

  it('shows a cut link as unreachable within 15 s and reconnects by itself', async () => {
    const hostId = core!.services.hosts.list().find((h) => h.name === 'lab-c')!.id;
    const state = () => core!.services.hosts.get(hostId).state;
    await until(() => (state() === 'connected' ? true : undefined), 'lab-c connected', 15_000, 100);
    const cut = Date.now();
    execFileSync('ip', ['link', 'set', `vh-${c.name}`, 'down']);
    try {
      await until(() => (state() === 'unreachable' ? true : undefined), 'unreachable', 15_000, 100);
      expect(Date.now() - cut).toBeLessThan(15_000);
    } finally {
      execFileSync('ip', ['link', 'set', `vh-${c.name}`, 'up']);
    }
    await until(() => (state() === 'connected' ? true : undefined), 'reconnected', 30_000, 100);
  });

  it('refuses a regenerated host key, naming both fingerprints, and keeps the pin', async () => {
    const keyFile = path.join(labDir, 'hosts', c.name, 'ssh_host_ed25519_key');
    const backup = fs.mkdtempSync(path.join(dirs.make(), 'key-'));
    fs.copyFileSync(keyFile, path.join(backup, 'key'));
    fs.copyFileSync(`${keyFile}.pub`, path.join(backup, 'key.pub'));
    // sshd reads its host keys at start; SIGHUP makes the lab host's listener re-exec.
    const reloadSshd = () =>
      execFileSync('pkill', ['-HUP', '-f', `sshd -D -f ${labDir}/hosts/${c.name}/sshd_config`]);
    const hostId = core!.services.hosts.list().find((h) => h.name === 'lab-c')!.id;
    try {
      fs.rmSync(keyFile);
      fs.rmSync(`${keyFile}.pub`);
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
      reloadSshd();
      await new Promise((r) => setTimeout(r, 500));
      core!.services.connections.open(hostId);
      const host = await until(
        () => {
          const h = core!.services.hosts.get(hostId);
          return h.state === 'host-key-mismatch' ? h : undefined;
        },
        'host-key-mismatch',
        15_000,
        100,
      );
      expect(host.stateError).toContain(c.hostKeyFingerprint);
      expect(host.stateError).toMatch(/offered SHA256:[A-Za-z0-9+/]{43}/);
      expect(host.stateError).not.toContain(`offered ${c.hostKeyFingerprint}`);
      expect(host.hostKey).toBe(c.hostKeyFingerprint);
      expect(host.offeredHostKey).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(host.stateError).toContain(`offered ${host.offeredHostKey}`);
    } finally {
      fs.copyFileSync(path.join(backup, 'key'), keyFile);
      fs.copyFileSync(path.join(backup, 'key.pub'), `${keyFile}.pub`);
      reloadSshd();
    }
    await new Promise((r) => setTimeout(r, 500));
    core!.services.connections.open(hostId);
    await until(
      () => (core!.services.hosts.get(hostId).state === 'connected' ? true : undefined),
      'reconnected with the original key',
      15_000,
      100,
    );
  });

  it('removes a manager: demoted, drained, out of the Swarm, node gone', async () => {
    // A manager, so removal has to demote it first while another manager stays.
    expect((await drover('host', 'promote', 'lab-c')).code).toBe(0);
    labSsh(
      lab,
      a,
      'docker service create -d --name drover-int-w --replicas 3 --endpoint-mode dnsrr ' +
        lab.images.whoami,
    );
    try {
      const result = await drover('host', 'rm', 'lab-c');
      expect(result.code).toBe(0);
      expect(result.err).toContain('run elsewhere');
      expect(nodes().map((n) => n.split(' ')[0])).toEqual([a.name, b.name]);
      expect(labSsh(lab, c, "docker info --format '{{.Swarm.LocalNodeState}}'").trim()).toBe(
        'inactive',
      );
      const running = labSsh(
        lab,
        a,
        "docker service ps drover-int-w --filter desired-state=running --format '{{.Node}}'",
      );
      expect(running).not.toContain(c.name);
    } finally {
      labSsh(lab, a, 'docker service rm drover-int-w >/dev/null 2>&1 || true');
    }
  });
});
