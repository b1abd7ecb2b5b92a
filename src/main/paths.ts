import os from 'node:os';
import path from 'node:path';

/**
 * Where the console keeps its database: --data-dir, then DROVER_DATA_DIR, then the XDG data
 * directory (Electron passes its userData folder as the fallback instead).
 */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  fallback?: string,
): string {
  const chosen = flag ?? env.DROVER_DATA_DIR;
  if (chosen) return path.resolve(chosen);
  if (fallback) return fallback;
  const xdg = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'drover');
}

/** The package root (holds package.json), from dist/main or src/main. */
export const appRoot = path.resolve(__dirname, '..', '..');
