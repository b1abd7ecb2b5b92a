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
import {
  formatJump,
  hostMatches,
  needArgs,
  parseJump,
  parsePort,
  single,
  splitLine,
  SshConfigError,
  type JumpHost,
} from './ssh-config-syntax.js';
import {
  expandEnv,
  expandPercent,
  expandTilde,
  globFiles,
  includePath,
} from './ssh-config-files.js';
import { isHostAddress } from './host-address.js';

export { splitArgs, SshConfigError, wildcardMatch, type JumpHost } from './ssh-config-syntax.js';

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
