// `drover` with no verb: the desktop console, or web mode (saying why) where Electron can't run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from '../../paths.js';
import type { Command, CoreFactory } from '../command.js';
import { DEFAULT_WEB_PORT, runWeb } from './web.js';

/**
 * The Electron binary's path, or why there is none. Reads electron's path.txt directly:
 * require('electron') would try to download the binary on machines that skipped it.
 */
export function findElectron(): { binary: string } | { missing: string } {
  let dir: string;
  try {
    dir = path.dirname(require.resolve('electron/package.json', { paths: [appRoot] }));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return { missing: 'the Electron binary was not downloaded' };
  const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  if (!fs.existsSync(binary)) return { missing: `the Electron binary ${binary} is missing` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: 'there is no graphical display (DISPLAY/WAYLAND_DISPLAY unset)' };
  }
  return { binary };
}

export function desktopCommand(openCore: CoreFactory): Command {
  return {
    name: 'desktop',
    summary: 'start the desktop console (the default; falls back to web mode)',
    usage: 'drover [desktop]',
    async run(_args, globals, io) {
      const electron = findElectron();
      if ('missing' in electron) {
        io.err(`Electron is not available (${electron.missing}); starting web mode instead.`);
        return runWeb(openCore, globals, io, {
          port: DEFAULT_WEB_PORT,
          host: '127.0.0.1',
          open: true,
        });
      }
      const child = spawn(electron.binary, [appRoot, '--data-dir', globals.dataDir], {
        stdio: 'inherit',
      });
      return new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    },
  };
}
