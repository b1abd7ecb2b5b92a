// Where the files an OpenSSH client config names are: ~ and %-token expansion, ${VAR}, and the
// Include globs (relative to ~/.ssh), as ssh expands them.
import fs from 'node:fs';
import path from 'node:path';
import { SshConfigError } from './ssh-config-syntax.js';

export function expandTilde(file: string, homeDir: string): string {
  if (file === '~') return homeDir;
  return file.startsWith('~/') ? path.join(homeDir, file.slice(2)) : file;
}

export function expandPercent(
  text: string,
  tokens: Record<string, string>,
  keyword: string,
): string {
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
export function expandEnv(text: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_all, name: string) => {
    const value = process.env[name];
    if (value === undefined) {
      throw new SshConfigError(`"${text}": environment variable ${name} is not set`);
    }
    return value;
  });
}

export function includePath(pattern: string, homeDir: string): string {
  const expanded = expandTilde(pattern, homeDir);
  return path.isAbsolute(expanded) ? expanded : path.join(homeDir, '.ssh', expanded);
}

/** glob(3) for Include: `*`, `?` and `[...]` in any segment; sorted; regular files only. */
export function globFiles(pattern: string): string[] {
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
