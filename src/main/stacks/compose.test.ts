import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TempDirs } from '../test-support';
import { loadCompose, type LoadedCompose } from './compose';
import { substitute } from './interpolate';
import { parseCpus, parseDuration, parseSize, shellSplit } from './units';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

function errorsOf(result: LoadedCompose) {
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('compose parsing and validation', () => {
  it('reports YAML syntax errors with line and column', () => {
    const errors = errorsOf(loadCompose('services:\n  web:\n    image: [nginx\n'));
    expect(errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(errors[0]!.column).toBeGreaterThan(0);
  });

  it('points an unknown key at the key itself', () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx',
      '    deploy:',
      '      replica: 3',
      '',
    ].join('\n');
    expect(errorsOf(loadCompose(text))).toEqual([
      { message: 'unknown key "replica"', path: 'services.web.deploy.replica', line: 5, column: 7 },
    ]);
  });

  it('points a wrongly typed value at the value', () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx',
      '    deploy:',
      '      replicas: lots',
      '',
    ].join('\n');
    const [error] = errorsOf(loadCompose(text));
    expect(error).toMatchObject({ path: 'services.web.deploy.replicas', line: 5, column: 17 });
    expect(error!.message).toMatch(/integer/);
  });

  it('explains a bad list item by its own fields, not the alternatives it failed', () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx',
      '    ports:',
      '      - target: eighty',
      '',
    ].join('\n');
    const [error] = errorsOf(loadCompose(text));
    expect(error).toMatchObject({ path: 'services.web.ports[0].target', line: 5, column: 17 });
  });

  it('checks value syntaxes, then references, with positions', () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx',
      '    networks: [front]',
      '    stop_grace_period: soon',
      '    ports: ["80:80:80:80"]',
      '',
    ].join('\n');
    expect(errorsOf(loadCompose(text)).map((e) => [e.path, e.line, e.message])).toEqual([
      ['services.web.stop_grace_period', 5, 'invalid duration "soon"'],
      ['services.web.ports[0]', 6, 'invalid ports "80:80:80:80"'],
    ]);
    const fixed = text.replace('soon', '10s').replace('80:80:80:80', '8080:80');
    expect(errorsOf(loadCompose(fixed))).toEqual([
      {
        path: 'services.web.networks[0]',
        line: 4,
        column: 16,
        message: 'undefined network "front"',
      },
    ]);
  });

  it('allows x- extension fields everywhere and merges anchors (YAML 1.1 like docker)', () => {
    const text = [
      'version: "3.8"',
      'x-common: &common',
      '  image: nginx',
      '  environment: { A: "1" }',
      'services:',
      '  web:',
      '    <<: *common',
      '    x-note: anything',
      '    configs:',
      '      - source: conf',
      '        mode: 0440',
      'configs:',
      '  conf:',
      '    file: ./a.conf',
      '',
    ].join('\n');
    const result = loadCompose(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.model.services[0]).toMatchObject({ image: 'nginx', environment: { A: '1' } });
    expect(result.model.services[0]!.configs[0]!.mode).toBe(0o440);
  });

  it('reads `build: .` as the string it is, and says a Swarm service needs an image, at that line', () => {
    const errors = errorsOf(loadCompose('services:\n  web:\n    build: .\n    ports: ["80:80"]\n'));
    expect(errors).toEqual([
      expect.objectContaining({
        path: 'services.web.build',
        line: 3,
        message: expect.stringMatching(
          /^Swarm services run an image and are never built: build the image and push it to a registry first .* then name it in image:$/,
        ),
      }),
    ]);
  });

  it('keeps plain scalars docker reads as strings ("1.2.3") as strings, and floats as numbers', () => {
    const loaded = loadCompose(
      'services:\n  web:\n    image: nginx\n    labels: {version: 1.2.3, ratio: 1.5, dot: .}\n',
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect((loaded.data.services as Record<string, { labels: unknown }>).web!.labels).toEqual({
      version: '1.2.3',
      ratio: 1.5,
      dot: '.',
    });
  });

  it('accepts fields newer than the shipped schema (patched in schema.ts)', () => {
    const text = [
      'name: demo',
      'services:',
      '  web:',
      '    image: nginx',
      '    ports: [{ target: 80, published: "8080" }]',
      '    healthcheck: { test: ["CMD", "true"], start_interval: 2s }',
      '    deploy: { resources: { limits: { pids: 100 } } }',
      '',
    ].join('\n');
    expect(loadCompose(text)).toMatchObject({ ok: true });
  });
});

describe('interpolation', () => {
  const env = { TAG: '1.25', EMPTY: '', REPLICAS: '4' };
  const lookup = (name: string) => (env as Record<string, string>)[name];

  it('substitutes the forms docker knows', () => {
    expect(substitute('nginx:${TAG}', lookup)).toBe('nginx:1.25');
    expect(substitute('nginx:$TAG', lookup)).toBe('nginx:1.25');
    expect(substitute('${MISSING:-x}/${EMPTY:-y}/${EMPTY-z}/${MISSING-w}', lookup)).toBe('x/y//w');
    expect(substitute('cost $$5 and $${TAG}', lookup)).toBe('cost $5 and ${TAG}');
    expect(() => substitute('${MISSING:?give it}', lookup)).toThrow(/MISSING.*give it/);
    expect(() => substitute('${EMPTY:?no}', lookup)).toThrow(/EMPTY/);
    expect(substitute('${EMPTY?no}', lookup)).toBe('');
    expect(() => substitute('a $ b', lookup)).toThrow(/Invalid template/);
  });

  it('casts typed fields after substitution and warns about unset variables', () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx:${TAG}',
      '    environment: [ "LEVEL=${LEVEL}", "FROM_ENV" ]',
      '    deploy:',
      '      replicas: ${REPLICAS}',
      '',
    ].join('\n');
    const result = loadCompose(text, { env: { ...env, FROM_ENV: 'yes' } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.model.services[0]).toMatchObject({
      image: 'nginx:1.25',
      environment: { LEVEL: '', FROM_ENV: 'yes' },
      deploy: { replicas: 4 },
    });
    expect(result.warnings).toContain(
      'The LEVEL variable is not set. Defaulting to a blank string.',
    );
  });

  it('gives a required variable error the line of its value', () => {
    const text = ['services:', '  web:', '    image: "nginx:${TAG:?set TAG}"', ''].join('\n');
    const [error] = errorsOf(loadCompose(text, { env: {} }));
    expect(error).toMatchObject({ path: 'services.web.image', line: 3 });
    expect(error!.message).toMatch(/set TAG/);
  });
});

describe('units as docker parses them', () => {
  it('parses durations, sizes, cpus and commands', () => {
    expect(parseDuration('1m30s')).toBe(90e9);
    expect(parseDuration('1.5s')).toBe(1.5e9);
    expect(parseDuration('300ms')).toBe(300e6);
    expect(() => parseDuration('10')).toThrow();
    expect(parseSize('512M')).toBe(512 * 1024 ** 2);
    expect(parseSize('1.5gb')).toBe(1.5 * 1024 ** 3);
    expect(parseCpus('0.5')).toBe(5e8);
    expect(parseCpus(2)).toBe(2e9);
    expect(() => parseCpus('0.0000000001')).toThrow();
    expect(shellSplit(`sh -c 'echo "hi there"' "a b" c\\ d # comment`)).toEqual([
      'sh',
      '-c',
      'echo "hi there"',
      'a b',
      'c d',
    ]);
  });

  it('reads config files relative to the compose file', () => {
    const dir = dirs.make();
    fs.writeFileSync(path.join(dir, 'a.conf'), 'x');
    const text = [
      'services:',
      '  web: { image: nginx }',
      'configs:',
      '  a: { file: ./a.conf }',
      '',
    ].join('\n');
    const result = loadCompose(text, { workingDir: dir });
    expect(result.ok && result.model.configs.a?.file).toBe(path.join(dir, 'a.conf'));
  });

  it('takes a secret or config from a variable (compose-spec environment:), unset left to the planner', () => {
    const text = [
      'services:',
      '  db: { image: mariadb, secrets: [db_password] }',
      'secrets:',
      '  db_password: { environment: DB_PASSWORD }',
      '',
    ].join('\n');
    const result = loadCompose(text, { env: { DB_PASSWORD: 's3cret' } });
    expect(result.ok && result.model.secrets.db_password).toMatchObject({
      content: 's3cret',
      variable: 'DB_PASSWORD',
    });
    const unset = loadCompose(text, { env: {} });
    expect(unset.ok && unset.model.secrets.db_password?.content).toBeUndefined();
  });
});
