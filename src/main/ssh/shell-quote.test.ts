import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { command, quote } from './shell-quote.js';

/** What a real POSIX shell makes of the quoted text, as one argument. */
const throughShell = (quoted: string): string =>
  execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });

/** Each argument the shell passes to a program, NUL-separated. */
const argsThroughShell = (line: string): string[] =>
  execFileSync('sh', ['-c', line.replace(/^printf/, "printf '%s\\0'")], { encoding: 'utf8' })
    .split('\0')
    .slice(0, -1);

const nasty = [
  'hello world',
  '$(touch /tmp/drover-pwned)',
  '`id`',
  '${HOME}',
  '$HOME',
  'a;b',
  'a|b',
  'a&b',
  'a && rm -rf /',
  'line one\nline two\n',
  "it's",
  "'",
  "''",
  "'\\''",
  '"double" quotes',
  '\\backslash\\',
  'tab\there',
  '*',
  '?',
  '[a-z]',
  '~',
  '~root',
  '#comment',
  '-n',
  '--help',
  'a>b<c',
  '(sub)',
  '{a,b}',
  '!',
  '%s %d',
  'ünïcødé ✓ 🐳 日本語',
  ' leading and trailing ',
  '\r\n',
  'x=$(reboot)',
];

describe('quote', () => {
  it('leaves safe words as they are', () => {
    for (const word of [
      'docker',
      '/var/lib/docker',
      'node-1.example.com',
      'a_b',
      'k=v',
      'x@y:z,1%+',
    ]) {
      expect(quote(word)).toBe(word);
    }
  });

  it('quotes the empty string so it stays one (empty) argument', () => {
    expect(quote('')).toBe("''");
    expect(argsThroughShell(`printf ${quote('')} ${quote('x')}`)).toEqual(['', 'x']);
  });

  it.each(nasty)('gives %j back exactly through a real shell', (value) => {
    expect(throughShell(quote(value))).toBe(value);
  });

  it('single-quotes every value with a character the shell would act on', () => {
    // Leading dashes are plain words to the shell (options are the program's business).
    const special = nasty.filter((value) => !value.startsWith('-'));
    for (const value of special) expect(quote(value)).toMatch(/^'.*'$/s);
  });

  it('builds command lines whose arguments arrive one by one, unchanged', () => {
    const args = ['my file', "it's", '$(id)', '', 'ok'];
    expect(argsThroughShell(command('printf', ...args))).toEqual(args);
  });
});
