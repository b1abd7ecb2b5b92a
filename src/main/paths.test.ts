import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot, resolveDataDir } from './paths.js';

describe('resolveDataDir', () => {
  const env = { DROVER_DATA_DIR: '/srv/drover-env', XDG_DATA_HOME: '/home/ops/.xdg' };

  it('prefers --data-dir over everything else', () => {
    expect(resolveDataDir('/data/flag', env, '/electron/userData')).toBe('/data/flag');
  });

  it('uses DROVER_DATA_DIR when there is no flag', () => {
    expect(resolveDataDir(undefined, env, '/electron/userData')).toBe('/srv/drover-env');
  });

  it("uses the shell's fallback (Electron's userData) when neither is set", () => {
    const { XDG_DATA_HOME } = env;
    expect(resolveDataDir(undefined, { XDG_DATA_HOME }, '/electron/userData')).toBe(
      '/electron/userData',
    );
  });

  it('ends in $XDG_DATA_HOME/drover, or ~/.local/share/drover when XDG_DATA_HOME is unset or empty', () => {
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/home/ops/.xdg' })).toBe(
      '/home/ops/.xdg/drover',
    );
    const standard = path.join(os.homedir(), '.local', 'share', 'drover');
    expect(resolveDataDir(undefined, {})).toBe(standard);
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '' })).toBe(standard);
  });

  it('ignores an empty DROVER_DATA_DIR', () => {
    expect(resolveDataDir(undefined, { DROVER_DATA_DIR: '' }, '/fallback')).toBe('/fallback');
  });

  it('makes relative folders absolute against the working directory', () => {
    expect(resolveDataDir('data', {})).toBe(path.resolve('data'));
    expect(resolveDataDir(undefined, { DROVER_DATA_DIR: './env-data' })).toBe(
      path.resolve('env-data'),
    );
  });
});

describe('appRoot', () => {
  it('is the package root, holding package.json', () => {
    expect(path.basename(appRoot)).not.toBe('src');
    expect(fs.existsSync(path.join(appRoot, 'package.json'))).toBe(true);
  });
});
