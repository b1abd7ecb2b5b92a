import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultIdentityFiles,
  resolveSshAlias,
  splitArgs,
  SshConfigError,
  wildcardMatch,
  type ResolvedSshAlias,
} from './ssh-config';

let home: string;

function write(relative: string, text: string): string {
  const file = path.join(home, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

const resolve = (alias: string, configText: string) =>
  resolveSshAlias(alias, { configText, homeDir: home, localUser: 'me' });

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-ssh-config-'));
});

afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

// A config the way people write them: specific hosts first, a bastion, wildcards, defaults last.
const realistic = `
# Work hosts
Host bastion
    HostName bastion.example.com
    User ops
    Port 2222
    IdentityFile ~/.ssh/bastion_ed25519

Host prod-* !prod-legacy
    User deploy
    ProxyJump bastion
    IdentityFile ~/.ssh/prod_%r@%h

Host prod-web1
    HostName 10.0.1.11
    User ignored-because-deploy-came-first

Host prod-legacy
    HostName Legacy.Internal
    User root
    ProxyJump ops@bastion.example.com:2222,admin@[fd00::1]:2200

Host *.lab
    HostName %h.example.net

Match host *.corp exec "test -e /nonexistent"
    User from-match

Host *
    User fallback
    IdentityFile ~/.ssh/id_ed25519
    ServerAliveInterval 30
    AddKeysToAgent yes
`;

describe('resolveSshAlias on a realistic config', () => {
  it('resolves a plain host block and adds the defaults from Host *', () => {
    expect(resolve('bastion', realistic)).toEqual<ResolvedSshAlias>({
      hostName: 'bastion.example.com',
      user: 'ops',
      port: 2222,
      identityFiles: [`${home}/.ssh/bastion_ed25519`, `${home}/.ssh/id_ed25519`],
    });
  });

  it('keeps the first value obtained and expands tokens with the final host and user', () => {
    expect(resolve('prod-web1', realistic)).toEqual<ResolvedSshAlias>({
      hostName: '10.0.1.11',
      user: 'deploy',
      identityFiles: [`${home}/.ssh/prod_deploy@10.0.1.11`, `${home}/.ssh/id_ed25519`],
      proxyJump: [{ host: 'bastion' }],
    });
  });

  it('honours a negated pattern and reads a jump chain in connection order', () => {
    expect(resolve('prod-legacy', realistic)).toEqual<ResolvedSshAlias>({
      hostName: 'legacy.internal',
      user: 'root',
      identityFiles: [`${home}/.ssh/id_ed25519`],
      proxyJump: [
        { user: 'ops', host: 'bastion.example.com', port: 2222 },
        { user: 'admin', host: 'fd00::1', port: 2200 },
      ],
    });
  });

  it('expands %h in HostName with the alias', () => {
    expect(resolve('ci.lab', realistic).hostName).toBe('ci.lab.example.net');
  });

  it('treats Match blocks as not matching', () => {
    expect(resolve('db.corp', realistic).user).toBe('fallback');
  });

  it('gives the alias itself for a host the config does not name', () => {
    expect(resolve('Other.Example.org', '')).toEqual({
      hostName: 'other.example.org',
      identityFiles: [],
    });
  });
});

describe('Host patterns', () => {
  it.each([
    ['web1', 'web*', true],
    ['web1', 'web?', true],
    ['web12', 'web?', false],
    ['WEB1', 'web*', false], // ssh matches the alias as typed
    ['a.b', 'a?b', true],
    ['db.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['x+y(1)', 'x+y(1)', true],
  ])('%s against %s: %s', (value, pattern, expected) => {
    expect(wildcardMatch(value, pattern)).toBe(expected);
  });

  it('needs a positive match: a Host line of only negations never matches', () => {
    const config = 'Host !foo\n  User a\nHost *\n  User b\n';
    expect(resolve('bar', config).user).toBe('b');
  });

  it('lets any pattern on the line match', () => {
    const config = 'Host alpha beta gamma\n  Port 2200\n';
    expect(resolve('beta', config).port).toBe(2200);
    expect(resolve('delta', config).port).toBeUndefined();
  });

  it('resets matching at each Host line, and Match all matches', () => {
    const config = 'Host a\n  User ua\nHost b\n  Port 2\nMatch all\n  Port 3\n';
    expect(resolve('a', config)).toMatchObject({ user: 'ua', port: 3 });
    expect(resolve('b', config)).toMatchObject({ port: 2 });
  });
});

describe('line syntax', () => {
  it('accepts any keyword case, key=value forms, quotes and trailing comments', () => {
    const config = [
      'HOST target',
      '  hostname=h1.example.com   # the real name',
      '  USER = "deploy user"',
      '\tPort= 2201',
      '  IdentityFile "~/.ssh/my key"',
      "  identityfile '%d/keys/it''s'",
      '  IdentityFile ~/.ssh/escaped\\ space',
      '  HostName ignored',
    ].join('\r\n');
    expect(resolve('target', config)).toEqual<ResolvedSshAlias>({
      hostName: 'h1.example.com',
      user: 'deploy user',
      port: 2201,
      identityFiles: [`${home}/.ssh/my key`, `${home}/keys/its`, `${home}/.ssh/escaped space`],
    });
  });

  it('splits arguments the way OpenSSH does', () => {
    expect(splitArgs(`a "b c" 'd "e"' f\\"g h\\ i # comment`)).toEqual([
      'a',
      'b c',
      'd "e"',
      'f"g',
      'h i',
    ]);
    expect(splitArgs('x#y z')).toEqual(['x#y', 'z']);
    expect(() => splitArgs('"open')).toThrow(/unterminated quote/);
  });

  it('ignores keywords Drover does not use and blank or comment lines', () => {
    const config =
      '\n# comment\n   \nHost x\n  ForwardAgent yes\n  LocalForward 8080 localhost:80\n';
    expect(resolve('x', config)).toEqual({ hostName: 'x', identityFiles: [] });
  });

  it.each([
    ['Host x\n  Port 0x16\n', /line 2: Bad port '0x16'/],
    ['Host x\n  Port 70000\n', /Bad port/],
    ['Host y\n  Port abc\n', /Bad port/], // checked in blocks that do not apply too, as ssh does
    ['Host x\n  User "unterminated\n', /line 2: unterminated quote/],
    ['Host x\n  HostName a b\n', /takes one argument/],
    ['Host x\n  User\n', /missing argument/],
    ['Host\n', /missing argument/],
    ['Host x\n  ProxyJump @h\n', /invalid ProxyJump/],
    ['Host x\n  ProxyJump h:0\n', /invalid ProxyJump/],
    ['Host x\n  HostName %z.example\n', /unknown token %z/],
  ])('rejects %j', (config, message) => {
    expect(() => resolve('x', config)).toThrow(message);
    expect(() => resolve('x', config)).toThrow(SshConfigError);
  });
});

describe('ProxyJump and ProxyCommand', () => {
  it.each([
    ['bastion', [{ host: 'bastion' }]],
    ['u@h:2022', [{ user: 'u', host: 'h', port: 2022 }]],
    ['ssh://u;fingerprint=x@h:23/', [{ user: 'u', host: 'h', port: 23 }]],
    ['user@corp@h', [{ user: 'user@corp', host: 'h' }]],
    ['[::1]:6', [{ host: '::1', port: 6 }]],
    ['h:', [{ host: 'h' }]],
    ['a,b@c:5', [{ host: 'a' }, { user: 'b', host: 'c', port: 5 }]],
  ])('reads %s', (value, hops) => {
    expect(resolve('x', `Host x\n  ProxyJump ${value}\n`).proxyJump).toEqual(hops);
  });

  it('takes "none" as obtained: a later ProxyJump does not apply', () => {
    const config = 'Host x\n  ProxyJump NONE\nHost *\n  ProxyJump bastion\n';
    expect(resolve('x', config).proxyJump).toBeUndefined();
    expect(resolve('y', config).proxyJump).toEqual([{ host: 'bastion' }]);
  });

  it('reports a ProxyCommand obtained first, and the first of the two wins', () => {
    const config = [
      'Host cmd',
      '  ProxyCommand ssh -W %h:%p gw',
      '  ProxyJump ignored',
      'Host jump',
      '  ProxyJump gw',
      '  ProxyCommand ignored',
      'Host off',
      '  ProxyCommand none',
      '  ProxyJump ignored',
      'Host jumpnone',
      '  ProxyJump none',
      '  ProxyCommand nc %h %p',
    ].join('\n');
    expect(resolve('cmd', config)).toMatchObject({ proxyCommand: 'ssh -W %h:%p gw' });
    expect(resolve('cmd', config).proxyJump).toBeUndefined();
    expect(resolve('jump', config)).toMatchObject({ proxyJump: [{ host: 'gw' }] });
    expect(resolve('jump', config).proxyCommand).toBeUndefined();
    expect(resolve('off', config)).toEqual({ hostName: 'off', identityFiles: [] });
    expect(resolve('jumpnone', config)).toMatchObject({ proxyCommand: 'nc %h %p' });
  });
});

describe('IdentityFile expansion', () => {
  it('expands ~, %d %u %h %r %p %n %% and ${VAR}, in order, without duplicates', () => {
    process.env.DROVER_TEST_KEYS = '/srv/keys';
    try {
      const config = [
        'Host box',
        '  HostName Box.Example.com',
        '  Port 2222',
        '  IdentityFile ~/.ssh/%n-%h-%p',
        '  IdentityFile %d/%u/%r%%',
        '  IdentityFile ${DROVER_TEST_KEYS}/%r',
        '  IdentityFile ~/.ssh/box-box.example.com-2222',
        '  IdentityFile /abs/key',
      ].join('\n');
      expect(resolve('box', config).identityFiles).toEqual([
        `${home}/.ssh/box-box.example.com-2222`,
        `${home}/me/me%`, // no User: the remote user is the local one, as in ssh
        '/srv/keys/me',
        '/abs/key',
      ]);
    } finally {
      delete process.env.DROVER_TEST_KEYS;
    }
  });

  it('refuses an unknown token or an unset variable', () => {
    expect(() => resolve('x', 'IdentityFile ~/.ssh/%q\n')).toThrow(/unknown token %q/);
    expect(() => resolve('x', 'IdentityFile ${DROVER_UNSET_VAR_X}\n')).toThrow(
      /DROVER_UNSET_VAR_X is not set/,
    );
  });

  it('knows the keys ssh tries by default', () => {
    expect(defaultIdentityFiles('/home/a')).toContain('/home/a/.ssh/id_ed25519');
  });
});

describe('Include', () => {
  beforeAll(() => {
    write('.ssh/config.d/10-work', 'Host work-*\n  User worker\n  Port 2210\n');
    write(
      '.ssh/config.d/20-personal',
      'Host work-* home\n  User ignored\n  IdentityFile ~/.ssh/p\n',
    );
    write('.ssh/config.d/.hidden', 'Host *\n  User hidden\n');
    write('.ssh/config.d/sub/30-deep', 'Host *\n  Port 3\n');
    write('.ssh/extra.conf', 'Host extra\n  HostName extra.example.com\n');
    write('elsewhere/abs.conf', 'Host abs\n  User absolute\n');
    write('.ssh/loop.conf', 'Include loop.conf\n');
    write('.ssh/scoped.conf', 'Host other\n  User other-user\n');
  });

  it('reads globbed files relative to ~/.ssh in lexical order, first value wins', () => {
    const config = 'Include config.d/*\nHost *\n  User last\n';
    expect(resolve('work-1', config)).toEqual({
      hostName: 'work-1',
      user: 'worker',
      port: 2210,
      identityFiles: [`${home}/.ssh/p`],
    });
    // Dot files and directories do not match `*`.
    expect(resolve('home', config).user).toBe('ignored');
    expect(resolve('nobody', config).user).toBe('last');
  });

  it('takes several paths, ~ and absolute ones, with globs in directories', () => {
    const config = `Include extra.conf ~/elsewhere/abs.conf "config.d/s?b/*"\n`;
    expect(resolve('extra', config).hostName).toBe('extra.example.com');
    expect(resolve('abs', `Include ${home}/elsewhere/*.conf\n`).user).toBe('absolute');
    expect(resolve('anything', config).port).toBe(3);
  });

  it('ignores a pattern that matches no file', () => {
    expect(resolve('x', 'Include nothing/here*\nInclude missing.conf\n')).toEqual({
      hostName: 'x',
      identityFiles: [],
    });
  });

  it('applies an Include only inside a matching block, and keeps the includer state', () => {
    const config = [
      'Host target',
      '  Include scoped.conf', // switches to "Host other" inside the file...
      '  Port 2200', // ...but this line is still in "Host target"
      'Host skipped',
      '  Include config.d/*',
    ].join('\n');
    expect(resolve('target', config)).toMatchObject({ port: 2200 });
    expect(resolve('target', config).user).toBeUndefined();
    // The file is read only for aliases its including block applies to.
    expect(resolve('other', config).user).toBeUndefined();
    expect(resolve('work-1', config).user).toBeUndefined();
  });

  it('stops an include loop at the depth limit', () => {
    expect(() => resolve('x', 'Include loop.conf\n')).toThrow(/Include nested too deeply/);
  });

  it('reads ~/.ssh/config by default, and a missing one is an empty config', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-ssh-home-'));
    try {
      expect(resolveSshAlias('h', { homeDir: other, localUser: 'me' })).toEqual({
        hostName: 'h',
        identityFiles: [],
      });
      fs.mkdirSync(path.join(other, '.ssh'));
      fs.writeFileSync(path.join(other, '.ssh', 'config'), 'Host h\n  HostName h.example\n');
      expect(resolveSshAlias('h', { homeDir: other }).hostName).toBe('h.example');
      expect(() => resolveSshAlias('h', { configPath: path.join(other, 'nope') })).toThrow(
        /Cannot read/,
      );
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

// The reference: what OpenSSH itself resolves (`ssh -G` prints the effective config).
const ssh = (() => {
  try {
    execFileSync('ssh', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(ssh)('agrees with `ssh -G`', () => {
  const localUser = os.userInfo().username;
  let file: string;

  beforeAll(() => {
    const included = write('oracle/inc.conf', 'Host inc-*\n  User inc-user\n  Port 2300\n');
    file = write(
      'oracle/config',
      `${realistic.replace('Match host *.corp exec "test -e /nonexistent"\n    User from-match\n', '')}`
        .replace('# Work hosts', `Include ${included}`)
        .replace('Host *\n', 'Host *.example.org\n  Port=2400\nHost *\n'),
    );
  });

  const aliases = ['bastion', 'prod-web1', 'prod-legacy', 'ci.lab', 'inc-a', 'x.example.org', 'Q'];
  it.each(aliases)('%s', (alias) => {
    const printed = execFileSync('ssh', ['-G', '-F', file, alias], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const get = (key: string) =>
      printed
        .split('\n')
        .find((l) => l.startsWith(`${key} `))
        ?.slice(key.length + 1);
    const ours = resolveSshAlias(alias, { configPath: file, homeDir: home, localUser });
    expect(ours.hostName).toBe(get('hostname'));
    expect(ours.user ?? localUser).toBe(get('user'));
    expect(String(ours.port ?? 22)).toBe(get('port'));
    const jumps = ours.proxyJump?.map(
      (j) =>
        `${j.user ? `${j.user}@` : ''}${j.host.includes(':') ? `[${j.host}]` : j.host}` +
        `${j.port ? `:${j.port}` : ''}`,
    );
    expect(jumps?.join(',')).toBe(get('proxyjump'));
  });
});

describe('HostName values that are not host names', () => {
  it.each([
    'db;touch /tmp/x',
    '$(id)',
    '`id`',
    "db'x",
    '-oProxyCommand=id',
    'db|nc',
    'db&&id',
    'user@db',
    'a..b',
  ])('refuses HostName %s where it is read', (value) => {
    const config = `Host bad\n    HostName "${value}"\n`;
    expect(() => resolve('bad', config)).toThrow(SshConfigError);
    expect(() => resolve('bad', config)).toThrow(/not a host name or IP address/);
  });

  it.each(['10.77.0.19', '::1', 'fe80::1', 'db-1.example.net', 'db_2', 'host.'])(
    'keeps HostName %s',
    (value) => {
      expect(resolve('good', `Host good\n    HostName ${value}\n`).hostName).toBe(value);
    },
  );
});
