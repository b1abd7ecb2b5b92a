// Which workstation files a compose document may read (configs and secrets with `file:`). Only
// `drover stack deploy -f FILE`, run by the user on their own files, may name files, and only
// inside the compose file's folder: a request from a window or a browser must never make the
// console read a file of its choosing (a plan once read /etc/shadow this way).
import fs from 'node:fs';
import path from 'node:path';
import { DroverError } from '../../shared/errors.js';
import type { ShellKind } from '../../shared/types.js';

export type FileReader = (file: string) => Buffer;

/** The folder a request may read files from: the compose file's, for the CLI only. */
export function readableFolder(
  shell: ShellKind,
  workingDir: string | undefined,
): string | undefined {
  return shell === 'cli' ? workingDir : undefined;
}

/** A reader of files inside `folder` (none at all without one). */
export function composeFileReader(folder: string | undefined): FileReader {
  return (file) => {
    if (!folder) {
      throw new DroverError(
        'INVALID_ARGUMENT',
        `${file}: only \`drover stack deploy -f FILE\` may read files, next to its compose file; here, give the content through \`environment:\` instead of \`file:\``,
      );
    }
    const inside = realpathOr(folder);
    const target = realpathOr(path.resolve(folder, file));
    if (!target.startsWith(inside + path.sep)) {
      throw new DroverError(
        'INVALID_ARGUMENT',
        `${file} is outside the compose file's folder (${folder}): only files beside it or below it may be read`,
      );
    }
    return fs.readFileSync(target);
  };
}

/** The real path (links resolved), or the path as given when it does not exist. */
function realpathOr(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
