// A compose document's `file:` configs and secrets: read only for the CLI, only next to its
// compose file. A plan asked for by a window or a browser reads nothing of the workstation.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/core';
import { adminContext, TempDirs } from '../test-support';

const dirs = new TempDirs();
let core: Core;
let environmentId: number;
let folder: string;
let outside: string;

const composeReading = (file: string) => `services:
  web:
    image: nginx
    configs: [site]
configs:
  site:
    file: ${file}
`;

beforeAll(() => {
  core = createCore({ dataDir: dirs.make('drover-files-'), shell: 'web' });
  environmentId = core.services.environments.list()[0]!.id;
  folder = dirs.make('drover-compose-');
  fs.writeFileSync(path.join(folder, 'site.conf'), 'server {}');
  outside = path.join(dirs.make('drover-private-'), 'shadow');
  fs.writeFileSync(outside, 'root:secret');
  // A link inside the folder that leads out of it.
  fs.symlinkSync(outside, path.join(folder, 'link.conf'));
});

afterAll(() => {
  core.close();
  dirs.cleanup();
});

const plan = (file: string, shell: 'web' | 'electron' | 'cli') =>
  core.call(
    'stack.plan',
    { environmentId, name: 'site', compose: composeReading(file), workingDir: folder },
    adminContext('tester', shell),
  );

describe('files a compose document may read', () => {
  it.each(['web', 'electron'] as const)(
    'reads none for a %s request, naming the way out',
    async (shell) => {
      const result = await plan(outside, shell);
      expect(result.errors.map((e) => e.message).join('\n')).toContain(
        'only `drover stack deploy -f FILE` may read files',
      );
      const relative = await plan('site.conf', shell);
      expect(relative.errors).toHaveLength(1);
    },
  );

  it('refuses, for the CLI, a file outside the compose folder, by path or through a link', async () => {
    for (const file of [
      outside,
      '../' + path.basename(path.dirname(outside)) + '/shadow',
      'link.conf',
    ]) {
      const result = await plan(file, 'cli');
      expect(result.errors.map((e) => e.message).join('\n')).toContain(
        "is outside the compose file's folder",
      );
    }
  });

  it('reads, for the CLI, a file beside the compose file (then needs a manager)', async () => {
    await expect(plan('site.conf', 'cli')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
