import { describe, expect, it } from 'vitest';
import { normalizeRegistry, registryAuth, registryOf } from './reference';

describe('registryOf', () => {
  it.each([
    ['nginx', 'docker.io'],
    ['nginx:1.25', 'docker.io'],
    ['library/nginx', 'docker.io'],
    ['bitnami/redis:7', 'docker.io'],
    ['docker.io/library/nginx', 'docker.io'],
    ['index.docker.io/acme/app', 'docker.io'],
    ['10.77.0.2:5001/whoami:lab', '10.77.0.2:5001'],
    ['ghcr.io/acme/app@sha256:abc', 'ghcr.io'],
    ['localhost/app', 'localhost'],
    ['localhost:5000/app', 'localhost:5000'],
    ['Registry.Example.com/team/app', 'registry.example.com'],
    // A first component without '.', ':' or "localhost" is a Hub namespace, not a host.
    ['myregistry/app', 'docker.io'],
  ])('%s is on %s', (image, registry) => {
    expect(registryOf(image)).toBe(registry);
  });

  it('spells Docker Hub one way', () => {
    expect(normalizeRegistry('Registry-1.Docker.io')).toBe('docker.io');
  });

  it("logs in to Docker Hub at docker's own address, elsewhere at the registry's", () => {
    expect(registryAuth('docker.io', 'u', 'p').serveraddress).toBe('https://index.docker.io/v1/');
    expect(registryAuth('10.77.0.2:5001', 'u', 'p')).toEqual({
      username: 'u',
      password: 'p',
      serveraddress: '10.77.0.2:5001',
    });
  });
});
