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

  it('renders nginx cluster: 10 replicas on 8080 by default', () => {
    const { compose, name } = renderTemplate('nginx-cluster', {});
    expect(name).toBe('web-server');
    const stack = convert(name, compose);
    const [service] = stack.services;
    expect(service?.name).toBe('web-server_nginx-cluster');
    expect(service?.spec.Mode).toEqual({ Replicated: { Replicas: 10 } });
    expect(service?.image).toBe('nginx:stable');
    expect(JSON.stringify(service?.spec.EndpointSpec)).toContain('"PublishedPort":8080');
    const unpublished = renderTemplate('nginx-cluster', { port: '', replicas: 4 }).compose;
    expect(unpublished).not.toContain('ports');
  });

  it('renders WordPress + MariaDB on the stack network with a database volume', () => {
    const { compose } = renderTemplate('wordpress', { dbPassword: 'pa$s "word"' });
    const stack = convert('wp', compose);
    expect(stack.services.map((s) => s.name)).toEqual(['wp_db', 'wp_wordpress']);
    expect(stack.networks.map((n) => n.name)).toEqual(['wp_default']);
    const db = stack.services[0]!.spec.TaskTemplate as {
      ContainerSpec: { Env: string[]; Mounts: unknown[] };
    };
    // $ is escaped for compose's interpolation, so the password arrives as typed.
    expect(db.ContainerSpec.Env).toContain('MARIADB_PASSWORD=pa$s "word"');
    expect(db.ContainerSpec.Mounts).toMatchObject([
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
