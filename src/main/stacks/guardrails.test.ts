import { describe, expect, it } from 'vitest';
import { loadCompose } from './compose';
import {
  bindAllowed,
  exposesDockerSocket,
  guardrailRefusals,
  hostPath,
  type DeployGuard,
} from './guardrails';
import { specRefusals } from './guardrails-spec';
import { refusalDtos } from './refusal';

const none: DeployGuard = { allowedBindPaths: [] };

/** The refusals of a document as the plan shows them: service, field, line. */
function refused(compose: string, guard = none, env: Record<string, string> = {}) {
  const loaded = loadCompose(compose, { env, workingDir: '/home/ops/app' });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return refusalDtos(guardrailRefusals(loaded.data, loaded.model, guard), compose).map(
    ({ service, field, line }) => ({ service, field, line }),
  );
}

const web = (lines: string) => `services:\n  web:\n    image: nginx\n${lines}`;

describe('deploy guardrails over a compose file', () => {
  it('lets a plain service through', () => {
    expect(
      refused(web('    ports: ["80:80"]\n    volumes: [data:/data]\nvolumes:\n  data: {}\n')),
    ).toEqual([]);
  });

  it.each([
    ['privileged', '    privileged: true\n'],
    ['privileged', '    privileged: yes\n'],
    ['cap_add', '    cap_add: [SYS_ADMIN]\n'],
    ['devices', '    devices: ["/dev/sda:/dev/sda"]\n'],
    ['network_mode', '    network_mode: host\n'],
    ['pid', '    pid: host\n'],
    ['ipc', '    ipc: host\n'],
  ])('refuses %s with its service and line', (field, lines) => {
    expect(refused(web(lines))).toEqual([{ service: 'web', field, line: 4 }]);
  });

  it('allows the harmless spellings of the same keys', () => {
    expect(refused(web('    privileged: false\n    cap_add: []\n    ipc: shareable\n'))).toEqual(
      [],
    );
  });

  it('refuses a network that is the cluster host network, in list and map syntax', () => {
    const networks = 'networks:\n  outside:\n    external: true\n    name: host\n';
    expect(refused(web(`    networks: [outside]\n${networks}`))).toEqual([
      { service: 'web', field: 'networks.0', line: 4 },
    ]);
    expect(refused(web(`    networks:\n      outside: {}\n${networks}`))).toEqual([
      { service: 'web', field: 'networks.outside', line: 5 },
    ]);
  });

  it('refuses bind mounts in short and long syntax, relative ones resolved', () => {
    const compose = web(
      [
        '    volumes:',
        '      - /etc:/host-etc:ro',
        '      - type: bind',
        '        source: /srv/data',
        '        target: /data',
        '      - ./conf:/conf',
        '',
      ].join('\n'),
    );
    expect(refused(compose)).toEqual([
      { service: 'web', field: 'volumes.0', line: 5 },
      { service: 'web', field: 'volumes.1', line: 6 },
      { service: 'web', field: 'volumes.2', line: 9 },
    ]);
    // The allow-list lets /srv/data and the app's folder through, not /etc.
    expect(refused(compose, { allowedBindPaths: ['/srv/data', '/home/ops'] })).toEqual([
      { service: 'web', field: 'volumes.0', line: 5 },
    ]);
  });

  it.each([
    '/var/run/docker.sock',
    '/run/docker.sock',
    '//var//run/./docker.sock',
    '/var/run/../run/docker.sock',
    '/var/run',
    '/run',
    '/var',
    '/',
    '/home/ops/.docker/run/docker.sock',
    '/run/containerd/containerd.sock',
  ])('refuses the Docker socket as %s, even when the allow-list covers it', (source) => {
    const compose = web(`    volumes: ["${source}:/sock"]\n`);
    const all = { allowedBindPaths: ['/'] };
    expect(refused(compose, all)).toEqual([{ service: 'web', field: 'volumes.0', line: 4 }]);
    expect(exposesDockerSocket(source)).toBe(true);
  });

  it('refuses the socket in long syntax and from a variable', () => {
    const compose = web(
      '    volumes:\n      - type: bind\n        source: ${SOCK}\n        target: /var/run/docker.sock\n',
    );
    expect(refused(compose, none, { SOCK: '/var/run/docker.sock' })).toEqual([
      { service: 'web', field: 'volumes.0', line: 5 },
    ]);
  });

  it('refuses a named volume that binds a host folder through its driver options', () => {
    const compose = web(
      '    volumes: [etc:/x]\nvolumes:\n  etc:\n    driver_opts: {type: none, o: bind, device: /etc}\n',
    );
    expect(refused(compose)).toEqual([{ service: 'web', field: 'volumes.0', line: 4 }]);
  });

  it('names every service and field at fault', () => {
    const compose =
      'services:\n  a:\n    image: nginx\n    privileged: true\n  b:\n    image: redis\n    pid: host\n    cap_add: [NET_ADMIN]\n';
    expect(refused(compose)).toEqual([
      { service: 'a', field: 'privileged', line: 4 },
      { service: 'b', field: 'cap_add', line: 8 },
      { service: 'b', field: 'pid', line: 7 },
    ]);
  });
});

describe('the allow-list', () => {
  it('matches whole folders, not name prefixes', () => {
    expect(bindAllowed('/srv/data', ['/srv/data'])).toBe(true);
    expect(bindAllowed('/srv/data/x/y', ['/srv/data'])).toBe(true);
    expect(bindAllowed('/srv/database', ['/srv/data'])).toBe(false);
    expect(bindAllowed('/srv/dat', ['/srv/data'])).toBe(false);
    expect(bindAllowed('/srv', ['/srv/data'])).toBe(false);
  });

  it('folds .. before deciding, so it cannot climb out of an allowed folder', () => {
    expect(bindAllowed('/srv/data/../../etc', ['/srv/data'])).toBe(false);
    expect(bindAllowed('/srv/data/sub/../x', ['/srv/data'])).toBe(true);
    expect(bindAllowed('/srv/data/', ['/srv/data/'])).toBe(true);
    expect(hostPath('/srv//data/./x/')).toBe('/srv/data/x');
    expect(hostPath('/var/run/foo')).toBe('/run/foo');
    expect(hostPath('/var/runner')).toBe('/var/runner');
  });

  it('is empty by default: no bind mount at all', () => {
    expect(bindAllowed('/srv/data', [])).toBe(false);
  });
});

describe('deploy guardrails over a running service spec', () => {
  const spec = (container: object, networks: object[] = []): Record<string, unknown> => ({
    Name: 'shop_web',
    TaskTemplate: { ContainerSpec: { Image: 'nginx', ...container }, Networks: networks },
  });
  const fields = (s: Record<string, unknown>, guard = none, hostIds = ['h0st']) =>
    specRefusals('shop_web', s, guard, hostIds).map((r) => r.field);

  it('refuses capabilities, host binds, the socket and the host network', () => {
    expect(fields(spec({}))).toEqual([]);
    expect(fields(spec({ CapabilityAdd: ['SYS_ADMIN'] }))).toEqual(['ContainerSpec.CapabilityAdd']);
    expect(fields(spec({ Mounts: [{ Type: 'bind', Source: '/etc', Target: '/e' }] }))).toEqual([
      'ContainerSpec.Mounts',
    ]);
    expect(fields(spec({}, [{ Target: 'h0st' }]))).toEqual(['Networks']);
    const socket = spec({ Mounts: [{ Type: 'bind', Source: '/run/docker.sock', Target: '/s' }] });
    expect(fields(socket, { allowedBindPaths: ['/run'] })).toEqual(['ContainerSpec.Mounts']);
  });

  it('lets allowed binds and plain volumes through', () => {
    const mounts = [
      { Type: 'bind', Source: '/srv/data/web', Target: '/d' },
      { Type: 'volume', Source: 'shop_data', Target: '/v' },
    ];
    expect(fields(spec({ Mounts: mounts }), { allowedBindPaths: ['/srv/data'] })).toEqual([]);
  });
});
