// Resolves a host alias from the user's OpenSSH client config (~/.ssh/config) the way `ssh` does,
// for the keywords Drover honours, so a host added as "prod-db" connects where `ssh prod-db` would.
//
// Follows OpenSSH 9: keywords are case-insensitive; the first value obtained for a keyword wins
// (IdentityFile accumulates); Host patterns (`*`, `?`, `!negation`) match the alias as typed, case
// included; Include reads files (globs, relative to ~/.ssh) at most 16 levels deep, and an Include
// under a non-matching Host contributes nothing. Deliberate gaps:
// - `Match` blocks count as not matching (except `Match all`): their criteria can run commands
//   (`exec`) or depend on canonicalisation, which Drover does not do. Settings in them are skipped.
// - /etc/ssh/ssh_config is not read, and CanonicalizeHostname is ignored.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DroverError } from '../../shared/errors.js';
import { isHostAddress } from './host-address.js';

export interface JumpHost {
  user?: string;
  /** As written: itself an alias to resolve, like ssh does for each hop. */
  host: string;
  port?: number;
}

export interface ResolvedSshAlias {
  /** Lower-cased, as ssh does. The alias itself when no HostName applies. */
  hostName: string;
  user?: string;
  port?: number;
  /** Configured keys, expanded; empty means ssh would try its defaults (defaultIdentityFiles). */
  identityFiles: string[];
  /** Hops in connection order: the first is reached directly, the last reaches the host. */
  proxyJump?: { user?: string; host: string; port?: number }[];
  /** ssh would run this instead of connecting (Drover cannot): tell the user rather than ignore. */
  proxyCommand?: string;
}

export interface ResolveOptions {
  /** The config itself; otherwise configPath is read. */
  configText?: string;
  /** Default ~/.ssh/config (a missing default file is an empty config). */
  configPath?: string;
  homeDir?: string;
  localUser?: string;
}

export class SshConfigError extends DroverError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
    this.name = 'SshConfigError';
  }
}

const MAX_INCLUDE_DEPTH = 16; // OpenSSH's READCONF_MAX_DEPTH

/** The keys ssh tries when the config names none (OpenSSH 9 order). */
export function defaultIdentityFiles(homeDir = os.homedir()): string[] {
  return [
    'id_rsa',
    'id_ecdsa',
    'id_ecdsa_sk',
    'id_ed25519',
    'id_ed25519_sk',
    'id_xmss',
    'id_dsa',
  ].map((name) => path.join(homeDir, '.ssh', name));
}

interface Obtained {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  jump?: JumpHost[] | 'none';
  command?: string;
}

interface Context {
  alias: string;
  homeDir: string;
  obtained: Obtained;
}

export function resolveSshAlias(alias: string, options: ResolveOptions = {}): ResolvedSshAlias {
  if (!alias || /\s/.test(alias)) throw new SshConfigError(`Invalid SSH host alias "${alias}"`);
  const homeDir = options.homeDir ?? os.homedir();
  const localUser = options.localUser ?? os.userInfo().username;
  const ctx: Context = { alias, homeDir, obtained: { identityFiles: [] } };

  const configPath = options.configPath ?? path.join(homeDir, '.ssh', 'config');
  let text = options.configText;
  if (text === undefined) {
    try {
      text = fs.readFileSync(configPath, 'utf8');
    } catch (error) {
      // Like ssh: no ~/.ssh/config is an empty one; a config named explicitly must exist.
      if (options.configPath !== undefined || (error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new SshConfigError(`Cannot read ${configPath}: ${(error as Error).message}`);
      }
      text = '';
    }
  }
  readConfig(ctx, configPath, text, 0);

  const got = ctx.obtained;
  const hostName = (
    got.hostName !== undefined ? expandPercent(got.hostName, { h: alias }, 'HostName') : alias
  ).toLowerCase();
  // Stored and later handed to ssh2, preflight and the UI: only a host name or an IP literal.
  if (!isHostAddress(hostName)) {
    throw new SshConfigError(
      `${configPath}: HostName "${hostName}" for ${alias} is not a host name or IP address`,
    );
  }
  const jumps = Array.isArray(got.jump) ? got.jump : undefined;
  const user = got.user ?? localUser;
  const port = String(got.port ?? 22);
  const localHost = os.hostname();
  const tokens: Record<string, string> = {
    d: homeDir,
    u: localUser,
    h: hostName,
    n: alias,
    k: alias,
    p: port,
    r: user,
    l: localHost,
    L: localHost.split('.')[0] ?? localHost,
    i: String(process.getuid?.() ?? ''),
    j: jumps ? jumps.map(formatJump).join(',') : '',
  };
  tokens.C = crypto.createHash('sha1').update(`${tokens.l}${hostName}${port}${user}`).digest('hex');
  const identityFiles = [
    ...new Set(
      got.identityFiles.map((file) =>
        expandEnv(expandPercent(expandTilde(file, homeDir), tokens, 'IdentityFile')),
      ),
    ),
  ];

  const resolved: ResolvedSshAlias = { hostName, identityFiles };
  if (got.user !== undefined) resolved.user = got.user;
  if (got.port !== undefined) resolved.port = got.port;
  if (jumps) resolved.proxyJump = jumps;
  if (got.command !== undefined && got.command.toLowerCase() !== 'none') {
    resolved.proxyCommand = got.command;
  }
  return resolved;
}

function readConfig(ctx: Context, file: string, text: string, depth: number): void {
  // Files are only included from a matching block, so each starts active; the includer's own
  // state is untouched by Host/Match lines in the included file (as in ssh).
  let active = true;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const where = `${file} line ${index + 1}`;
    const line = splitLine(raw, where);
    if (!line) return;
    const { keyword, args, rest } = line;
    switch (keyword) {
      case 'host':
        needArgs(args, keyword, where);
        active = hostMatches(ctx.alias, args);
        break;
      case 'match':
        needArgs(args, keyword, where);
        active = args.length === 1 && args[0]?.toLowerCase() === 'all';
        break;
      case 'include':
        needArgs(args, keyword, where);
        if (!active) break; // its contents could never apply
        if (depth + 1 > MAX_INCLUDE_DEPTH) {
          throw new SshConfigError(`${where}: Include nested too deeply (a loop?)`);
        }
        for (const pattern of args) {
          for (const included of globFiles(includePath(pattern, ctx.homeDir))) {
            let content: string;
            try {
              content = fs.readFileSync(included, 'utf8');
            } catch {
              continue; // ssh skips files it cannot open
            }
            readConfig(ctx, included, content, depth + 1);
          }
        }
        break;
      case 'hostname':
      case 'user': {
        const value = single(args, keyword, where);
        const field = keyword === 'hostname' ? 'hostName' : 'user';
        if (active && ctx.obtained[field] === undefined) ctx.obtained[field] = value;
        break;
      }
      case 'port': {
        const port = parsePort(single(args, keyword, where));
        if (port === undefined) throw new SshConfigError(`${where}: Bad port '${args[0]}'`);
        if (active) ctx.obtained.port ??= port;
        break;
      }
      case 'identityfile': {
        const file = single(args, keyword, where);
        if (active) ctx.obtained.identityFiles.push(file);
        break;
      }
      case 'proxyjump': {
        // ssh reads only the first word; the rest of the line is ignored.
        needArgs(args, keyword, where);
        const jump = parseJump(args[0] as string, where);
        const got = ctx.obtained;
        if (active && got.jump === undefined && got.command === undefined) got.jump = jump;
        break;
      }
      case 'proxycommand': {
        needArgs(args, keyword, where);
        const got = ctx.obtained;
        // A ProxyJump obtained first wins over it ("ProxyJump none" does not, as in ssh).
        if (
          active &&
          got.command === undefined &&
          (got.jump === undefined || got.jump === 'none')
        ) {
          got.command = rest; // a shell command line, kept verbatim
        }
        break;
      }
      default:
        break; // keywords Drover does not use
    }
  });
}

interface Line {
  keyword: string;
  args: string[];
  /** The text after the keyword, unsplit. */
  rest: string;
}

/** `Keyword args`, `Keyword=args` or `Keyword = args`; blank lines and comments give nothing. */
function splitLine(raw: string, where: string): Line | undefined {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return undefined;
  const match = /^([^\s="]+)\s*(?:=\s*)?(.*)$/.exec(line);
  if (!match) throw new SshConfigError(`${where}: cannot read "${line}"`);
  const rest = match[2] ?? '';
  return { keyword: (match[1] as string).toLowerCase(), args: splitArgs(rest, where), rest };
}

/**
 * Splits arguments like OpenSSH's argv_split: whitespace separates, "double" or 'single' quotes
 * group, a backslash escapes a quote, a backslash or (outside quotes) a space, and an unquoted
 * `#` at the start of an argument ends the line.
 */
export function splitArgs(text: string, where = 'ssh config'): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length || text[i] === '#') break;
    let arg = '';
    let quote = '';
    for (; i < text.length; i++) {
      const c = text[i] as string;
      const next = text[i + 1];
      if (c === '\\' && next !== undefined && (`'"\\`.includes(next) || (!quote && next === ' '))) {
        arg += next;
        i++;
      } else if (!quote && /\s/.test(c)) break;
      else if (!quote && (c === '"' || c === "'")) quote = c;
      else if (quote && c === quote) quote = '';
      else arg += c;
    }
    if (quote) throw new SshConfigError(`${where}: unterminated quote`);
    args.push(arg);
  }
  return args;
}

function needArgs(args: string[], keyword: string, where: string): void {
  if (args.length === 0 || args.some((a) => a === '')) {
    throw new SshConfigError(`${where}: missing argument after "${keyword}"`);
  }
}

function single(args: string[], keyword: string, where: string): string {
  needArgs(args, keyword, where);
  if (args.length > 1) {
    throw new SshConfigError(`${where}: "${keyword}" takes one argument, got ${args.length}`);
  }
  return args[0] as string;
}

/** `Host` line: any positive pattern matches and no negated one does. */
function hostMatches(alias: string, patterns: string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (wildcardMatch(alias, negated ? pattern.slice(1) : pattern)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** OpenSSH's match_pattern: `*` any run, `?` one character, everything else literal. */
export function wildcardMatch(value: string, pattern: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) =>
    c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`,
  );
  return new RegExp(`^${source}$`, 's').test(value);
}

function parsePort(value: string): number | undefined {
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** ProxyJump: `none`, or a comma list of `[user@]host[:port]` / `ssh://[user@]host[:port]`. */
function parseJump(value: string, where: string): JumpHost[] | 'none' {
  if (value.toLowerCase() === 'none') return 'none';
  return value.split(',').map((hop) => {
    const parsed = parseHop(hop);
    if (!parsed) throw new SshConfigError(`${where}: invalid ProxyJump "${value}"`);
    return parsed;
  });
}

function parseHop(hop: string): JumpHost | undefined {
  let rest = hop;
  const uri = /^ssh:\/\//i.test(rest);
  if (uri) rest = rest.slice('ssh://'.length).replace(/\/$/, '');
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    // An ssh:// user may carry parameters (`user;fingerprint=...`) Drover does not use.
    if (uri) user = user.split(';')[0] as string;
    if (user === '') return undefined;
    rest = rest.slice(at + 1);
  }
  let host: string;
  let portText = '';
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return undefined;
    portText = after.slice(1);
  } else {
    const colon = rest.indexOf(':');
    host = colon < 0 ? rest : rest.slice(0, colon);
    portText = colon < 0 ? '' : rest.slice(colon + 1);
  }
  if (host === '' || /[/\s]/.test(host)) return undefined;
  const jump: JumpHost = { host };
  if (user !== undefined) jump.user = user;
  if (portText !== '') {
    const port = parsePort(portText);
    if (port === undefined) return undefined;
    jump.port = port;
  }
  return jump;
}

function formatJump(hop: JumpHost): string {
  const host = hop.host.includes(':') && hop.port ? `[${hop.host}]` : hop.host;
  return `${hop.user ? `${hop.user}@` : ''}${host}${hop.port ? `:${hop.port}` : ''}`;
}

function expandTilde(file: string, homeDir: string): string {
  if (file === '~') return homeDir;
  return file.startsWith('~/') ? path.join(homeDir, file.slice(2)) : file;
}

function expandPercent(text: string, tokens: Record<string, string>, keyword: string): string {
  return text.replace(/%(.?)/gs, (_all, key: string) => {
    if (key === '%') return '%';
    const value = tokens[key];
    if (value === undefined) {
      throw new SshConfigError(`${keyword} "${text}": unknown token %${key}`);
    }
    return value;
  });
}

/** `${NAME}` from the environment, as ssh does for IdentityFile. */
function expandEnv(text: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_all, name: string) => {
    const value = process.env[name];
    if (value === undefined) {
      throw new SshConfigError(`"${text}": environment variable ${name} is not set`);
    }
    return value;
  });
}

function includePath(pattern: string, homeDir: string): string {
  const expanded = expandTilde(pattern, homeDir);
  return path.isAbsolute(expanded) ? expanded : path.join(homeDir, '.ssh', expanded);
}

/** glob(3) for Include: `*`, `?` and `[...]` in any segment; sorted; regular files only. */
function globFiles(pattern: string): string[] {
  let candidates = [path.parse(pattern).root];
  for (const segment of pattern.split(path.sep).filter(Boolean)) {
    if (!/[*?[]/.test(segment)) {
      candidates = candidates.map((dir) => path.join(dir, segment));
      continue;
    }
    const regex = globSegment(segment);
    candidates = candidates.flatMap((dir) => {
      let names: string[];
      try {
        names = fs.readdirSync(dir);
      } catch {
        return [];
      }
      return names
        .filter((name) => regex.test(name) && (!name.startsWith('.') || segment.startsWith('.')))
        .map((name) => path.join(dir, name));
    });
  }
  return candidates
    .filter((file) => {
      try {
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function globSegment(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[' && segment.indexOf(']', i + 2) > 0) {
      const close = segment.indexOf(']', i + 2);
      let body = segment.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
