import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../../paths.js';
import { findElectron } from './desktop.js';

const electronDir = path.join(appRoot, 'node_modules', 'electron');
const packagePresent = fs.existsSync(path.join(electronDir, 'package.json'));
const binaryDownloaded = fs.existsSync(path.join(electronDir, 'path.txt'));

describe('findElectron', () => {
  // This machine installs the electron package without its binary (web mode is used instead).
  it.runIf(packagePresent && !binaryDownloaded)(
    'says the binary was not downloaded, without trying to download it',
    () => {
      expect(findElectron()).toEqual({ missing: 'the Electron binary was not downloaded' });
      expect(fs.existsSync(path.join(electronDir, 'path.txt'))).toBe(false);
      expect(fs.existsSync(path.join(electronDir, 'dist'))).toBe(false);
    },
  );
});
