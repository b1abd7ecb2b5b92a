// x-drover-lb blocks through the compose loader: line-numbered errors, the model, and the Swarm
// objects convert makes of them.
import { describe, expect, it } from 'vitest';
import { lbBlock, parseLbBlock } from '../../shared/lb';
import { loadCompose } from '../stacks/compose';
import { convertStack } from '../stacks/convert';
import { stringify } from 'yaml';

const doc = (block: string, image = '    image: haproxy:lts\n') => `services:
  web:
    image: nginx
    deploy: {replicas: 10}
  api:
    image: nginx
  lb:
${image}    x-drover-lb:
${block}`;

const errorsOf = (text: string) => {
  const loaded = loadCompose(text);
  return loaded.ok ? [] : loaded.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`);
};

describe('x-drover-lb in a compose file', () => {
  it('reads the example of the issue', () => {
    const loaded = loadCompose(
      doc(
        '      hosts: all\n      rules:\n        - {listen: 8080, protocol: http, target: web, port: 80}\n',
      ),
    );
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.model.services.map((s) => s.name)).toEqual(['web', 'api']);
    expect(loaded.model.loadBalancers).toEqual([
      {
        name: 'lb',
        image: 'haproxy:lts',
        hosts: { kind: 'all' },
        rules: [{ listen: 8080, protocol: 'http', target: 'web', port: 80 }],
      },
    ]);
  });

  it('points at the line and key of each mistake', () => {
    const errors = errorsOf(
      doc(`      hosts: edge
      rules:
        - {listen: 80000, protocol: http, target: web, port: 80}
        - {listen: 8080, protocol: udp, target: web, port: 80}
        - {listen: 8081, target: nope, port: 80}
        - {listen: 9000, protocol: tcp, target: api, port: 5432, host: a.test}
        - {listen: 8082, target: lb, port: 80, path: "no-slash"}
`),
    );
    expect(errors).toEqual([
      '10:14 services.lb.x-drover-lb.hosts: hosts is "all" or a node label as <label>=<value>',
      '12:20 services.lb.x-drover-lb.rules[0].listen: listen is a port number from 1 to 65535',
      '13:36 services.lb.x-drover-lb.rules[1].protocol: protocol is http or tcp',
      '14:34 services.lb.x-drover-lb.rules[2].target: target "nope" is not a service of this stack',
      '15:72 services.lb.x-drover-lb.rules[3].host: host and path rules need protocol http',
      '16:34 services.lb.x-drover-lb.rules[4].target: target "lb" is not a service of this stack',
      '16:54 services.lb.x-drover-lb.rules[4].path: "no-slash" is not a path prefix (it starts with "/", no spaces)',
    ]);
  });

  it('refuses rules that can never match and ports of two protocols', () => {
    const errors = errorsOf(
      doc(`      rules:
        - {listen: 8080, target: web, port: 80}
        - {listen: 8080, target: api, port: 80, host: api.test}
        - {listen: 8080, protocol: tcp, target: api, port: 80}
        - {listen: 9000, protocol: tcp, target: api, port: 1}
        - {listen: 9000, protocol: tcp, target: web, port: 1}
`),
    );
    expect(errors).toEqual([
      '12:11 services.lb.x-drover-lb.rules[1]: never used: rule 1 already takes every request it would match',
      '13:36 services.lb.x-drover-lb.rules[2].protocol: port 8080 is http in rule 1',
      '15:11 services.lb.x-drover-lb.rules[4]: tcp port 9000 already goes to api (rule 4)',
    ]);
  });

  it('round-trips through the block it writes', () => {
    const known = { services: new Set(['web', 'api']), secrets: new Set(['site']) };
    const block = {
      hosts: 'lb=yes',
      rules: [
        { listen: 443, protocol: 'tcp', target: 'api', port: 8443 },
        { listen: 80, protocol: 'http', target: 'api', port: 80, host: 'API.test', path: '/v1' },
        { listen: 80, protocol: 'http', target: 'web', port: 80 },
      ],
      sticky_cookie: 'SRV',
      stats_port: 8404,
    };
    const first = parseLbBlock('lb', block, 'haproxy:3.0', known);
    expect(first.issues).toEqual([]);
    const again = parseLbBlock('lb', lbBlock(first.spec!), 'haproxy:3.0', known);
    expect(again.spec).toEqual(first.spec);
    expect(first.spec!.rules[1]!.host).toBe('api.test');
  });

  it('becomes an edge (global, host ports, stop-first) and a rules tier (start-first, soft stop)', () => {
    const loaded = loadCompose(
      doc(`      hosts: lb=yes
      rules:
        - {listen: 80, target: web, port: 8080}
        - {listen: 5432, protocol: tcp, target: api, port: 5432}
`),
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const plan = convertStack('shop', loaded.model, {
      routingMesh: false,
      readFile: () => Buffer.alloc(0),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- engine spec JSON, read loosely
    type Spec = Record<string, any>;
    const edge = plan.services.find((s) => s.name === 'shop_lb')!.spec as Spec;
    const rules = plan.services.find((s) => s.name === 'shop_lb-rules')!.spec as Spec;
    expect(edge.Mode).toEqual({ Global: {} });
    expect(edge.EndpointSpec.Ports).toEqual([
      { Protocol: 'tcp', TargetPort: 80, PublishedPort: 80, PublishMode: 'host' },
      { Protocol: 'tcp', TargetPort: 5432, PublishedPort: 5432, PublishMode: 'host' },
    ]);
    expect(edge.TaskTemplate.Placement).toEqual({ Constraints: ['node.labels.lb==yes'] });
    expect(edge.UpdateConfig.Order).toBe('stop-first');
    expect(rules.EndpointSpec).toEqual({ Mode: 'dnsrr' });
    expect(rules.UpdateConfig.Order).toBe('start-first');
    expect(rules.TaskTemplate.ContainerSpec.StopSignal).toBe('SIGUSR1');
    expect(rules.Labels['com.drover.lb.spec']).toBe(JSON.stringify(loaded.model.loadBalancers[0]));
    expect(rules.TaskTemplate.Networks).toEqual([{ Target: 'shop_default' }]);
    const names = plan.configs.map((c) => c.name);
    expect(names).toEqual([
      expect.stringMatching(/^shop_lb-edge-[0-9a-f]{10}$/),
      expect.stringMatching(/^shop_lb-rules-[0-9a-f]{10}$/),
    ]);
    expect(edge.TaskTemplate.ContainerSpec.Configs[0]).toMatchObject({
      ConfigName: names[0],
      File: { Name: '/usr/local/etc/haproxy/haproxy.cfg' },
    });
  });

  it('changes only the rules tier when a rule changes, and the edge when a port is added', () => {
    const configs = (rules: string) => {
      const loaded = loadCompose(doc(`      rules:\n${rules}`));
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
      return convertStack('shop', loaded.model, {
        routingMesh: true,
        readFile: () => Buffer.alloc(0),
      }).configs.map((c) => c.name);
    };
    const base = configs('        - {listen: 8080, target: web, port: 80}\n');
    const ruleChanged = configs(
      '        - {listen: 8080, target: api, port: 80, path: /api}\n        - {listen: 8080, target: web, port: 80}\n',
    );
    const portAdded = configs(
      '        - {listen: 8080, target: web, port: 80}\n        - {listen: 8081, target: api, port: 80}\n',
    );
    expect(ruleChanged[0]).toBe(base[0]);
    expect(ruleChanged[1]).not.toBe(base[1]);
    expect(portAdded[0]).not.toBe(base[0]);
  });

  it('writes x-drover-lb back in YAML that loads to the same model', () => {
    const loaded = loadCompose(
      doc('      rules:\n        - {listen: 8080, target: web, port: 80, host: a.test}\n'),
    );
    if (!loaded.ok) throw new Error('invalid');
    const lb = loaded.model.loadBalancers[0]!;
    const text = stringify({
      services: {
        web: { image: 'nginx' },
        api: { image: 'nginx' },
        lb: { image: lb.image, 'x-drover-lb': lbBlock(lb) },
      },
    });
    const again = loadCompose(text);
    expect(again.ok && again.model.loadBalancers).toEqual([lb]);
  });

  it('terminates HTTPS with a secret of the stack, mounted into the rules tier only', () => {
    const text =
      doc(`      sticky_cookie: SRV
      rules:
        - {listen: 443, target: api, port: 80, host: api.test, certificate: site}
        - {listen: 443, target: web, port: 80}
        - {listen: 8443, protocol: tcp, target: api, port: 80, certificate: site}
        - {listen: 9443, target: api, port: 80, certificate: nope}
`) + 'secrets:\n  site:\n    file: ./site.pem\n';
    expect(errorsOf(text)).toEqual([
      '14:77 services.lb.x-drover-lb.rules[2].certificate: HTTPS termination needs protocol http',
      '15:62 services.lb.x-drover-lb.rules[3].certificate: certificate "nope" is not a secret of this file (secrets:)',
    ]);
    const mixed = text.replace(/ {8}- \{listen: [89]443.*\n/g, '');
    expect(errorsOf(mixed)).toEqual([
      '13:11 services.lb.x-drover-lb.rules[1].certificate: port 443 uses certificate site in rule 1',
    ]);
    const good = mixed.replace(
      'target: web, port: 80}',
      'target: web, port: 80, certificate: site}',
    );
    const loaded = loadCompose(good);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const plan = convertStack('shop', loaded.model, {
      routingMesh: true,
      readFile: () => Buffer.from('PEM'),
    });
    const rules = plan.services.find((p) => p.name === 'shop_lb-rules')!.spec;
    const container = (rules.TaskTemplate as Record<string, Record<string, unknown>>)
      .ContainerSpec!;
    expect(container.Secrets).toEqual([
      {
        File: { Name: 'drover-lb-site.pem', UID: '0', GID: '0', Mode: 0o444 },
        SecretName: 'shop_site',
      },
    ]);
    const config = plan.configs.find((c) => c.name.startsWith('shop_lb-rules-'))!.data!.toString();
    expect(config).toContain('  bind :443 accept-proxy ssl crt /run/secrets/drover-lb-site.pem\n');
    expect(config).toContain('  cookie SRV insert indirect nocache dynamic\n');
    expect(plan.secrets.map((x) => x.name)).toEqual(['shop_site']);
  });
});
