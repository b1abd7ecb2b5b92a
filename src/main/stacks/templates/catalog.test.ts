import { describe, expect, it } from 'vitest';
import { loadCompose } from '../compose';
import { convertStack } from '../convert';
import { listTemplates, renderTemplate } from './catalog';

const convert = (name: string, compose: string) => {
  const loaded = loadCompose(compose);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return convertStack(name, loaded.model, { routingMesh: false, readFile: () => Buffer.alloc(0) });
};

describe('templates', () => {
  it('lists the two built-ins, the nginx image from the setting', () => {
    const list = listTemplates({ nginxImage: 'registry.local/nginx:lab' });
    expect(list.map((t) => t.name)).toEqual(['nginx cluster', 'WordPress + MariaDB']);
    expect(list[0]?.questions.find((q) => q.id === 'image')?.default).toBe(
      'registry.local/nginx:lab',
    );
    expect(listTemplates()[0]?.questions.find((q) => q.id === 'image')?.default).toBe(
      'nginx:stable',
    );
  });

  it('renders nginx cluster: 10 replicas behind a load balancer on 8080 by default', () => {
    const { compose, name } = renderTemplate('nginx-cluster', {});
    expect(name).toBe('web-server');
    const stack = convert(name, compose);
    const byName = new Map(stack.services.map((s) => [s.name, s]));
    const nginx = byName.get('web-server_nginx-cluster');
    expect(nginx?.spec.Mode).toEqual({ Replicated: { Replicas: 10 } });
    expect(nginx?.image).toBe('nginx:stable');
    // The replicas publish nothing (a host-mode port binds once per host); the LB's edge,
    // global on every host, holds 8080 and spreads it over them.
    expect(nginx?.spec.EndpointSpec).not.toHaveProperty('Ports');
    const edge = byName.get('web-server_lb');
    expect(edge?.spec.Mode).toEqual({ Global: {} });
    expect(JSON.stringify(edge?.spec.EndpointSpec)).toContain('"PublishedPort":8080');
    const unpublished = renderTemplate('nginx-cluster', { port: '', replicas: 4 }).compose;
    expect(unpublished).not.toContain('x-drover-lb');
  });

  it('renders WordPress + MariaDB with the password as a Swarm secret, never in the document', () => {
    const password = 'pa$s "word"';
    const { compose, env } = renderTemplate('wordpress', { dbPassword: password });
    expect(compose).not.toContain('pa$s');
    expect(env).toEqual({ DB_PASSWORD: password });
    const loaded = loadCompose(compose, { env });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const stack = convertStack('wp', loaded.model, {
      routingMesh: false,
      readFile: () => Buffer.alloc(0),
    });
    expect(stack.services.map((s) => s.name)).toEqual(['wp_db', 'wp_wordpress']);
    expect(stack.networks.map((n) => n.name)).toEqual(['wp_default']);
    // The secret's content is the password as typed; both services read it from its file.
    expect(stack.secrets.map((s) => [s.name, s.data?.toString()])).toEqual([
      ['wp_db_password', password],
    ]);
    const [db, wordpress] = stack.services.map(
      (s) =>
        (
          s.spec.TaskTemplate as {
            ContainerSpec: { Env: string[]; Mounts: unknown[]; Secrets: unknown[] };
          }
        ).ContainerSpec,
    );
    expect(db!.Env).toContain('MARIADB_PASSWORD_FILE=/run/secrets/db_password');
    expect(wordpress!.Env).toContain('WORDPRESS_DB_PASSWORD_FILE=/run/secrets/db_password');
    for (const container of [db!, wordpress!])
      expect(container.Secrets).toMatchObject([
        { SecretName: 'wp_db_password', File: { Name: 'db_password' } },
      ]);
    expect(db!.Mounts).toMatchObject([
      { Type: 'volume', Source: 'wp_db-data', Target: '/var/lib/mysql' },
    ]);
  });

  it('refuses missing and malformed answers', () => {
    expect(() => renderTemplate('wordpress', {})).toThrow('Database password is required');
    expect(() => renderTemplate('nginx-cluster', { replicas: 'many' })).toThrow('whole number');
    expect(() => renderTemplate('nginx-cluster', { image: 'bad image' })).toThrow('not an image');
    expect(() => renderTemplate('nope', {})).toThrow('No template');
  });
});
