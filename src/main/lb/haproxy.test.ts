import { describe, expect, it } from 'vitest';
import type { LoadBalancerSpec } from '../../shared/lb';
import { edgeConfig, rulesConfig, serverSlots } from './haproxy';
import { parseStats } from './health';

const lb: LoadBalancerSpec = {
  name: 'lb',
  hosts: { kind: 'all' },
  rules: [
    { listen: 8080, protocol: 'http', target: 'api', port: 80, host: 'api.test', path: '/v1' },
    { listen: 8080, protocol: 'http', target: 'web', port: 80, host: '*.shop.test' },
    { listen: 8080, protocol: 'http', target: 'web', port: 80 },
    { listen: 5432, protocol: 'tcp', target: 'db', port: 5432 },
  ],
};

describe('HAProxy configuration', () => {
  it('routes by host and path in rule order, with DNS-discovered backends', () => {
    const text = rulesConfig(lb, { stack: 'shop', slots: (t) => (t === 'web' ? 40 : 32) });
    expect(text).toContain('  nameserver dns 127.0.0.11:53\n');
    const start = text.indexOf('frontend port_8080');
    const frontend = text.slice(start, text.indexOf('\n\n', start));
    expect(frontend.trim().split('\n')).toEqual([
      'frontend port_8080',
      '  mode http',
      '  bind :8080 accept-proxy',
      '  option forwardfor',
      '  use_backend rule1_api_80 if { req.hdr(host),field(1,:) -i api.test } { path_beg /v1 }',
      '  use_backend rule2_web_80 if { req.hdr(host),field(1,:) -i -m end .shop.test }',
      '  use_backend rule3_web_80',
    ]);
    expect(text).toContain('  server-template web 40 tasks.shop_web:80\n');
    expect(text).toContain(
      'frontend port_5432\n  mode tcp\n  bind :5432 accept-proxy\n  use_backend rule4_db_5432\n',
    );
    expect(text).toContain(
      '  default-server init-addr none resolvers swarm resolve-prefer ipv4 check inter 1s fall 2 rise 1\n',
    );
    expect(text).toContain('  stats socket ipv4@127.0.0.1:61936 level user\n');
  });

  it('pins a session by a cookie both replicas compute alike, kept while a check flaps', () => {
    const text = rulesConfig({ ...lb, stickyCookie: 'SRV' }, { stack: 'shop', slots: () => 32 });
    const backend = (name: string) => {
      const start = text.indexOf(`\nbackend ${name}\n`);
      return text.slice(start, text.indexOf('\n\n', start) + 1 || undefined);
    };
    for (const name of ['rule1_api_80', 'rule2_web_80', 'rule3_web_80']) {
      expect(backend(name)).toContain(
        '  cookie SRV insert indirect nocache dynamic\n  dynamic-cookie-key shop-lb\n' +
          '  retries 6\n  option redispatch -1\n  option persist\n',
      );
    }
    // TCP has no cookies to persist by.
    expect(backend('rule4_db_5432')).not.toMatch(/cookie|persist/);
  });

  it('forwards each listen port to the rules tier over the PROXY protocol', () => {
    const text = edgeConfig(
      { ...lb, statsPort: 8404 },
      { rulesService: 'shop_lb-rules', slots: 32 },
    );
    expect(text.match(/^frontend .*/gm)).toEqual([
      'frontend listen_5432',
      'frontend listen_8080',
      'frontend listen_8404',
    ]);
    expect(text).toContain(
      'backend rules_8080\n  server-template rules 32 tasks.shop_lb-rules:8080 send-proxy-v2\n',
    );
    expect(text).toContain('  mode tcp\n');
    expect(text).toContain('  option redispatch 1\n');
  });

  it('leaves room to scale', () => {
    expect(serverSlots(undefined)).toBe(32);
    expect(serverSlots(10)).toBe(32);
    expect(serverSlots(40)).toBe(80);
  });

  it('reads backend health from the stats CSV, leaving empty slots out', () => {
    const csv = [
      '# pxname,svname,qcur,status,addr,',
      'rule1_web_80,FRONTEND,,OPEN,,',
      'rule1_web_80,web1,0,UP,,',
      'rule1_web_80,web2,0,DOWN,,',
      'rule1_web_80,web3,0,MAINT (resolution),,',
      'rule1_web_80,BACKEND,0,UP,,',
      '',
      '1',
      '# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_port',
      '3 rule1_web_80 1 web1 10.0.1.5 2 0 80',
      '3 rule1_web_80 2 web2 10.0.1.6 0 0 80',
      '3 rule1_web_80 3 web3 - 0 32 80',
    ].join('\n');
    expect(parseStats(csv).get('rule1_web_80')).toEqual([
      { server: 'web1', address: '10.0.1.5:80', status: 'UP' },
      { server: 'web2', address: '10.0.1.6:80', status: 'DOWN' },
    ]);
  });
});
