import { describe, expect, it } from 'vitest';
import { loadCompose } from './compose';
import { convertStack, type Json } from './convert';
import { inlineEnvFiles, parseEnvFile } from './env-file';

const files: Record<string, string> = {
  '/app/base.env': '# shared\nA=1\n  B=two words\nPRICE=5$ each\nEMPTY=\nFROM_SHELL\n',
  '/app/override.env': 'A=overridden\n',
};
const read = (file: string) => {
  const text = files[file];
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return text;
};

/** The Env docker would send for the service "web" of a compose text. */
function envOf(compose: string, env: Record<string, string> = {}): string[] {
  const loaded = loadCompose(compose, { env });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const plan = convertStack('s', loaded.model, {
    routingMesh: true,
    readFile: () => Buffer.from(''),
  });
  return (
    (plan.services.find((x) => x.base === 'web')!.spec.TaskTemplate as Json).ContainerSpec as Json
  ).Env as string[];
}

describe('parseEnvFile (docker opts.ParseEnvFile)', () => {
  it('takes values as written, skips comments and blank lines, keeps bare names', () => {
    expect(parseEnvFile('\uFEFFA=1\n\n# c\n  B="quoted" \nC\nD=x=y\r\n', 'f')).toEqual([
      ['A', '1'],
      ['B', '"quoted" '],
      ['C', null],
      ['D', 'x=y'],
    ]);
  });

  it('refuses names with white space or without a name, with the line', () => {
    expect(() => parseEnvFile('OK=1\nBAD NAME=2', 'vars.env')).toThrow(
      "vars.env line 2: variable 'BAD NAME' contains whitespaces",
    );
    expect(() => parseEnvFile('=value', 'vars.env')).toThrow('no variable name');
  });
});

describe('inlineEnvFiles', () => {
  it('writes the files into environment, the service’s own entries winning, later files over earlier', () => {
    const compose = `services:
  web:
    image: nginx
    env_file: [base.env, override.env]
    environment:
      B: from-compose
  other:
    image: nginx
`;
    const { compose: inlined, inlined: notes } = inlineEnvFiles(compose, '/app', read);
    expect(notes).toEqual(['web: base.env, override.env']);
    expect(inlined).not.toContain('env_file');
    expect(envOf(inlined, { FROM_SHELL: 'shell', EMPTY: 'filled' })).toEqual([
      'A=overridden',
      'B=from-compose',
      'EMPTY=filled',
      'FROM_SHELL=shell',
      // The $ of the file is data, not a variable: it stays as written.
      'PRICE=5$ each',
    ]);
  });

  it('adds to a list-form environment and keeps a text without env_file as it is', () => {
    const compose = `services:
  web:
    image: nginx
    env_file: override.env
    environment: [Z=last]
`;
    expect(envOf(inlineEnvFiles(compose, '/app', read).compose)).toEqual([
      'A=overridden',
      'Z=last',
    ]);
    const plain = 'services:\n  web:\n    image: nginx # comment\n';
    expect(inlineEnvFiles(plain, '/app', read).compose).toBe(plain);
  });

  it('names the service and the file it cannot read', () => {
    expect(() =>
      inlineEnvFiles('services:\n  web:\n    image: a\n    env_file: nope.env\n', '/app', read),
    ).toThrow('services.web.env_file: cannot read /app/nope.env (ENOENT)');
  });

  it('is refused by the core, where there are no files to read', () => {
    const loaded = loadCompose('services:\n  web:\n    image: a\n    env_file: vars.env\n');
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors[0]).toMatchObject({
      path: 'services.web.env_file',
      line: 4,
      message: expect.stringContaining('put the variables under environment:'),
    });
  });
});
