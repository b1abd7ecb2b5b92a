import { describe, expect, it } from 'vitest';
import { loadCompose } from './compose';
import { convertStack, type Json } from './convert';
import { normalizeSpec, sameSpec } from './spec-compare';
import { RESTART_DELAY_NS } from '../swarm/defaults';

const compose = `
services:
  web:
    image: nginx:1.25
    command: nginx -g "daemon off;"
    entrypoint: ["/docker-entrypoint.sh"]
    environment:
      ZED: "1"
      ALPHA: "2"
      BARE:
    labels: [tier=front]
    hostname: web-host
    user: "101"
    working_dir: /srv
    stop_grace_period: 30s
    init: true
    read_only: true
    dns: [10.0.0.53]
    healthcheck:
      test: curl -f http://localhost
      interval: 10s
      retries: 3
    volumes:
      - data:/var/lib/data:ro
      - ./html:/usr/share/nginx/html
      - type: tmpfs
        target: /tmp
        tmpfs: { size: 64m }
    ports:
      - "8080:80"
      - target: 443
        published: 8443
        mode: host
    networks:
      front:
        aliases: [www]
    configs:
      - source: site
        target: /etc/nginx/conf.d/site.conf
    deploy:
      replicas: 3
      labels: { owner: ops }
      placement:
        constraints: [node.role == worker]
        preferences: [{ spread: node.labels.zone }]
      resources:
        limits: { cpus: "0.5", memory: 256M }
        reservations: { cpus: "0.25" }
      update_config: { parallelism: 2, order: start-first }
  worker:
    image: busybox
    deploy:
      mode: global
      endpoint_mode: vip
      restart_policy: { condition: on-failure, max_attempts: 3 }
networks:
  front:
    driver_opts: { com.docker.network.driver.mtu: "1400" }
    labels: { purpose: web }
volumes:
  data:
    labels: { backup: daily }
configs:
  site:
    content: "server {}"
`;

function plan(routingMesh: boolean) {
  const loaded = loadCompose(compose, { workingDir: '/deploy', env: { BARE: 'from-env' } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return convertStack('shop', loaded.model, { routingMesh, readFile: () => Buffer.from('') });
}

const service = (p: ReturnType<typeof plan>, name: string) =>
  p.services.find((s) => s.name === name)!.spec;
const container = (spec: Json) => (spec.TaskTemplate as Json).ContainerSpec as Json;

describe('compose → Swarm objects, as docker stack deploy makes them', () => {
  it('names and labels everything after the stack', () => {
    const p = plan(true);
    expect(p.services.map((s) => s.name)).toEqual(['shop_web', 'shop_worker']);
    const web = service(p, 'shop_web');
    expect(web.Labels).toEqual({
      owner: 'ops',
      'com.docker.stack.namespace': 'shop',
      'com.docker.stack.image': 'nginx:1.25',
    });
    expect(container(web).Labels).toEqual({ tier: 'front', 'com.docker.stack.namespace': 'shop' });
    expect(p.networks).toEqual([
      {
        name: 'shop_default',
        options: { Labels: { 'com.docker.stack.namespace': 'shop' }, Driver: 'overlay' },
      },
      {
        name: 'shop_front',
        options: {
          Labels: { purpose: 'web', 'com.docker.stack.namespace': 'shop' },
          Driver: 'overlay',
          Options: { 'com.docker.network.driver.mtu': '1400' },
        },
      },
    ]);
    expect(p.configs).toEqual([
      expect.objectContaining({
        name: 'shop_site',
        labels: { 'com.docker.stack.namespace': 'shop' },
      }),
    ]);
    expect((web.TaskTemplate as Json).Networks).toEqual([
      { Target: 'shop_front', Aliases: ['www', 'web'] },
    ]);
    expect((service(p, 'shop_worker').TaskTemplate as Json).Networks).toEqual([
      { Target: 'shop_default', Aliases: ['worker'] },
    ]);
  });

  it('converts the container spec field by field', () => {
    const c = container(service(plan(true), 'shop_web'));
    expect(c).toMatchObject({
      Image: 'nginx:1.25',
      Command: ['/docker-entrypoint.sh'],
      Args: ['nginx', '-g', 'daemon off;'],
      Env: ['ALPHA=2', 'BARE=from-env', 'ZED=1'],
      Hostname: 'web-host',
      User: '101',
      Dir: '/srv',
      StopGracePeriod: 30e9,
      Init: true,
      ReadOnly: true,
      DNSConfig: { Nameservers: ['10.0.0.53'] },
      Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost'], Interval: 10e9, Retries: 3 },
      Configs: [
        {
          File: { Name: '/etc/nginx/conf.d/site.conf', UID: '0', GID: '0', Mode: 0o444 },
          ConfigName: 'shop_site',
        },
      ],
    });
    expect(c.Mounts).toEqual([
      {
        Type: 'volume',
        Target: '/var/lib/data',
        ReadOnly: true,
        Source: 'shop_data',
        VolumeOptions: { Labels: { backup: 'daily', 'com.docker.stack.namespace': 'shop' } },
      },
      { Type: 'bind', Target: '/usr/share/nginx/html', Source: '/deploy/html' },
      { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 64 * 1024 ** 2 } },
    ]);
  });

  it('converts deploy settings', () => {
    const web = service(plan(true), 'shop_web');
    expect(web.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect((web.TaskTemplate as Json).Placement).toEqual({
      Constraints: ['node.role == worker'],
      Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }],
    });
    expect((web.TaskTemplate as Json).Resources).toEqual({
      Limits: { NanoCPUs: 5e8, MemoryBytes: 256 * 1024 ** 2 },
      Reservations: { NanoCPUs: 2.5e8 },
    });
    expect(web.UpdateConfig).toEqual({
      Parallelism: 2,
      Delay: 0,
      FailureAction: '',
      Monitor: 0,
      MaxFailureRatio: 0,
      Order: 'start-first',
    });
    const worker = service(plan(true), 'shop_worker');
    expect(worker.Mode).toEqual({ Global: {} });
    expect((worker.TaskTemplate as Json).RestartPolicy).toEqual({
      Condition: 'on-failure',
      Delay: RESTART_DELAY_NS,
      MaxAttempts: 3,
    });
    // Drover's documented default where the file says nothing (Swarm's would be 5 s).
    expect((web.TaskTemplate as Json).RestartPolicy).toEqual({
      Condition: 'any',
      Delay: RESTART_DELAY_NS,
      MaxAttempts: 0,
    });
  });

  it('keeps ingress and VIP where the hosts have IPVS', () => {
    const p = plan(true);
    expect(service(p, 'shop_web').EndpointSpec).toEqual({
      Ports: [
        { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' },
        { TargetPort: 443, PublishedPort: 8443, PublishMode: 'host' },
      ],
    });
    expect(p.warnings).toEqual([]);
  });

  it('uses dnsrr and host ports where the file leaves them unset and IPVS is missing, and says so', () => {
    const p = plan(false);
    expect(service(p, 'shop_web').EndpointSpec).toEqual({
      Mode: 'dnsrr',
      Ports: [
        { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'host' },
        { TargetPort: 443, PublishedPort: 8443, PublishMode: 'host' },
      ],
    });
    // The worker asked for vip explicitly: kept, with a warning.
    expect(service(p, 'shop_worker').EndpointSpec).toEqual({ Mode: 'vip' });
    expect(p.warnings).toEqual([
      'web: endpoint_mode dnsrr (the hosts have no IPVS for VIP load balancing)',
      'web: port 8080:80 published in host mode (no routing mesh without IPVS)',
      'worker: endpoint_mode vip needs IPVS, which these hosts lack; connections by VIP will fail',
    ]);
  });
});

describe('kernel options', () => {
  const containerOf = (text: string) => {
    const loaded = loadCompose(text);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const converted = convertStack('k', loaded.model, {
      routingMesh: true,
      readFile: () => Buffer.from(''),
    });
    expect(loaded.warnings.join()).not.toContain('Ignoring');
    return container(converted.services[0]!.spec);
  };

  it('normalizes capabilities as docker does: CAP_ prefix, added wins over dropped, sorted', () => {
    const spec = containerOf(`services:
  s:
    image: a
    cap_add: [sys_admin, NET_ADMIN, cap_chown]
    cap_drop: [MKNOD, net_admin, CAP_AUDIT_WRITE]
`);
    expect(spec.CapabilityAdd).toEqual(['CAP_CHOWN', 'CAP_NET_ADMIN', 'CAP_SYS_ADMIN']);
    expect(spec.CapabilityDrop).toEqual(['CAP_AUDIT_WRITE', 'CAP_MKNOD']);
    const all = containerOf(`services:
  s:
    image: a
    cap_add: [ALL, NET_ADMIN]
    cap_drop: [all]
`);
    expect(all.CapabilityAdd).toEqual(['ALL']);
    expect(all.CapabilityDrop).toBeUndefined();
  });

  it('converts sysctls (map or list) and ulimits (single or soft/hard), sorted by name', () => {
    const spec = containerOf(`services:
  s:
    image: a
    sysctls: [net.core.somaxconn=1024, net.ipv4.tcp_syncookies=0]
    ulimits:
      nproc: 500
      nofile: { soft: 1000, hard: 2000 }
`);
    expect(spec.Sysctls).toEqual({ 'net.core.somaxconn': '1024', 'net.ipv4.tcp_syncookies': '0' });
    expect(spec.Ulimits).toEqual([
      { Name: 'nofile', Hard: 2000, Soft: 1000 },
      { Name: 'nproc', Hard: 500, Soft: 500 },
    ]);
    const none = containerOf('services:\n  s:\n    image: a\n');
    expect([none.Sysctls, none.Ulimits, none.CapabilityAdd]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('spec comparison', () => {
  it('treats engine-filled defaults and network ids as the same spec', () => {
    const desired = {
      Name: 'shop_worker',
      TaskTemplate: {
        ContainerSpec: {
          Image: 'busybox',
          Privileges: { CredentialSpec: null, SELinuxContext: null },
        },
        Networks: [{ Target: 'shop_default' }],
      },
      Mode: { Replicated: {} },
    };
    const stored = {
      Name: 'shop_worker',
      TaskTemplate: {
        ContainerSpec: {
          Image: 'busybox',
          Isolation: 'default',
          StopGracePeriod: 10e9,
          DNSConfig: {},
        },
        Networks: [{ Target: 'n1' }],
        ForceUpdate: 0,
        Runtime: 'container',
        Resources: {},
      },
      Mode: { Replicated: { Replicas: 1 } },
      UpdateConfig: {
        Parallelism: 1,
        FailureAction: 'pause',
        Monitor: 5e9,
        MaxFailureRatio: 0,
        Order: 'stop-first',
      },
      EndpointSpec: { Mode: 'vip' },
    };
    const names = new Map([['n1', 'shop_default']]);
    expect(sameSpec(desired, stored, names)).toBe(true);
    expect(sameSpec({ ...desired, Mode: { Replicated: { Replicas: 2 } } }, stored, names)).toBe(
      false,
    );
    expect(normalizeSpec(stored, names, ['TaskTemplate.ContainerSpec.Image'])).not.toHaveProperty(
      'TaskTemplate.ContainerSpec.Image',
    );
  });
});
