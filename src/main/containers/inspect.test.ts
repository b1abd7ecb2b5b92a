import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { describeContainer, imageDigest } from './inspect.js';

const digest = `sha256:${'ab'.repeat(32)}`;

const info = {
  Id: 'c0ffee',
  Name: '/shop_web.2.xyz',
  Image: 'sha256:1111',
  Created: '2026-12-07T10:00:00Z',
  RestartCount: 3,
  State: {
    Status: 'running',
    Running: true,
    ExitCode: 0,
    StartedAt: '2026-12-07T10:00:01Z',
    FinishedAt: '0001-01-01T00:00:00Z',
    Health: {
      Status: 'unhealthy',
      FailingStreak: 2,
      Log: [
        { End: '2026-12-07T10:00:05Z', ExitCode: 0, Output: 'ok\n' },
        { End: '2026-12-07T10:00:10Z', ExitCode: 1, Output: 'curl: (7) refused\n' },
      ],
    },
  },
  Config: {
    Image: `10.77.0.2:5000/nginx:lab@${digest}`,
    Entrypoint: null,
    Cmd: ['nginx', '-g', 'daemon off;'],
    Env: ['DB_PASSWORD=s3cret', 'MODE=a=b', 'EMPTY'],
    ExposedPorts: { '80/tcp': {}, '9000/udp': {} },
    Labels: {
      'com.docker.stack.namespace': 'shop',
      'com.docker.swarm.service.name': 'shop_web',
      'com.docker.swarm.task.name': 'shop_web.2.xyz',
    },
  },
  NetworkSettings: {
    Ports: {
      '80/tcp': [
        { HostIp: '0.0.0.0', HostPort: '8080' },
        { HostIp: '::', HostPort: '8080' },
        { HostIp: '127.0.0.1', HostPort: '8081' },
      ],
    },
    Networks: { shop_default: { IPAddress: '10.0.1.5', GlobalIPv6Address: '', Aliases: ['web'] } },
  },
  Mounts: [
    { Type: 'volume', Name: 'shop_data', Source: '/var/lib/x', Destination: '/d', RW: false },
  ],
} as unknown as Docker.ContainerInspectInfo;

describe('describeContainer', () => {
  const d = describeContainer(info, { id: 4, name: 'drvlab11' }, []);

  it('reads the image tag and the digest the task pinned', () => {
    expect(d.image).toBe('10.77.0.2:5000/nginx:lab');
    expect(d.imageDigest).toBe(digest);
  });

  it('keeps values with = and names without a value', () => {
    expect(d.env).toEqual([
      { name: 'DB_PASSWORD', value: 's3cret' },
      { name: 'MODE', value: 'a=b' },
      { name: 'EMPTY', value: '' },
    ]);
  });

  it('lists published ports once per address family pair, and only-exposed ones', () => {
    expect(d.ports).toEqual([
      { containerPort: 80, protocol: 'tcp', hostPort: 8080, hostIp: null },
      { containerPort: 80, protocol: 'tcp', hostPort: 8081, hostIp: '127.0.0.1' },
      { containerPort: 9000, protocol: 'udp', hostPort: null, hostIp: null },
    ]);
  });

  it('gives the last health probe, the slot, mounts and networks', () => {
    expect(d.health).toEqual({
      status: 'unhealthy',
      failingStreak: 2,
      lastOutput: 'curl: (7) refused',
      lastExitCode: 1,
      lastAt: '2026-12-07T10:00:10Z',
    });
    expect(d.taskSlot).toBe(2);
    expect(d.stack).toBe('shop');
    expect(d.restartCount).toBe(3);
    expect(d.finishedAt).toBeNull();
    expect(d.mounts).toEqual([
      { type: 'volume', source: 'shop_data', destination: '/d', readOnly: true },
    ]);
    expect(d.networks).toEqual([
      { name: 'shop_default', ipv4: '10.0.1.5', ipv6: null, aliases: ['web'] },
    ]);
  });
});

describe('imageDigest', () => {
  it('falls back to the image’s repo digests, else unknown', () => {
    expect(imageDigest('nginx:lab', [`nginx@${digest}`])).toBe(digest);
    expect(imageDigest('nginx:lab')).toBeNull();
  });
});
