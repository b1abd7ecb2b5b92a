// The words of an OpenSSH client config: a line's keyword and arguments (quoting as argv_split),
// Host patterns, ports and ProxyJump hops, and the error every part of the reader throws.
import { DroverError } from '../../shared/errors.js';

export interface JumpHost {
  user?: string;
  /** As written: itself an alias to resolve, like ssh does for each hop. */
  host: string;
  port?: number;
}

export class SshConfigError extends DroverError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
    this.name = 'SshConfigError';
  }
}

export interface Line {
  keyword: string;
  args: string[];
  /** The text after the keyword, unsplit. */
  rest: string;
}

/** `Keyword args`, `Keyword=args` or `Keyword = args`; blank lines and comments give nothing. */
export function splitLine(raw: string, where: string): Line | undefined {
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

export function needArgs(args: string[], keyword: string, where: string): void {
  if (args.length === 0 || args.some((a) => a === '')) {
    throw new SshConfigError(`${where}: missing argument after "${keyword}"`);
  }
}

export function single(args: string[], keyword: string, where: string): string {
  needArgs(args, keyword, where);
  if (args.length > 1) {
    throw new SshConfigError(`${where}: "${keyword}" takes one argument, got ${args.length}`);
  }
  return args[0] as string;
}

/** `Host` line: any positive pattern matches and no negated one does. */
export function hostMatches(alias: string, patterns: string[]): boolean {
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

export function parsePort(value: string): number | undefined {
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** ProxyJump: `none`, or a comma list of `[user@]host[:port]` / `ssh://[user@]host[:port]`. */
export function parseJump(value: string, where: string): JumpHost[] | 'none' {
  if (value.toLowerCase() === 'none') return 'none';
  return value.split(',').map((hop) => {
    const parsed = parseHop(hop);
    if (!parsed) throw new SshConfigError(`${where}: invalid ProxyJump "${value}"`);
    return parsed;
  });
}

export function parseHop(hop: string): JumpHost | undefined {
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

export function formatJump(hop: JumpHost): string {
  const host = hop.host.includes(':') && hop.port ? `[${hop.host}]` : hop.host;
  return `${hop.user ? `${hop.user}@` : ''}${host}${hop.port ? `:${hop.port}` : ''}`;
}
