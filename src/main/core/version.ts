import fs from 'node:fs';
import path from 'node:path';

/** The package version, read once from package.json (two levels above dist/ and src/). */
export const appVersion: string = (() => {
  const file = path.resolve(__dirname, '..', '..', '..', 'package.json');
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
