import { describe, expect, it } from 'vitest';
import { parseOptions, parseSubcommand } from './run.js';

describe('CLI argument parsing', () => {
  it('splits the sub-command word from its options and positionals', () => {
    const { sub, values, positionals } = parseSubcommand(
      ['deploy', '--env', 'prod', '-f', 'a.yml', 'shop'],
      { env: { type: 'string' }, file: { type: 'string', short: 'f' } },
    );
    expect(sub).toBe('deploy');
    expect(values).toEqual({ env: 'prod', file: 'a.yml' });
    expect(positionals).toEqual(['shop']);
  });

  it('refuses an option the verb does not know, as a usage error', () => {
    expect(() => parseSubcommand(['ls', '--evn', 'x'], { env: { type: 'string' } })).toThrow(
      expect.objectContaining({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }),
    );
  });

  it('refuses a positional where the verb takes none', () => {
    expect(() => parseOptions(['extra'], { all: { type: 'boolean' } }, false)).toThrow(
      expect.objectContaining({ code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' }),
    );
    expect(parseOptions(['--all'], { all: { type: 'boolean' } }, false).values.all).toBe(true);
  });
});
