import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLabUp } from './lab-start.js';
import { labOffer, labPlaces } from './offer.js';

describe('the lab offer', () => {
  const root = { platform: 'linux' as const, uid: 0, scriptExists: true };

  it('is made on Linux, as root, with the lab script present', () => {
    expect(labOffer(root)).toEqual({ available: true, reason: null });
  });

  it('is withheld, saying why, elsewhere', () => {
    expect(labOffer({ ...root, platform: 'darwin' })).toMatchObject({ available: false });
    expect(labOffer({ ...root, platform: 'darwin' }).reason).toMatch(/Linux/);
    expect(labOffer({ ...root, uid: 1000 }).reason).toMatch(/root/);
    expect(labOffer({ ...root, uid: null }).available).toBe(false);
    expect(labOffer({ ...root, scriptExists: false }).reason).toMatch(/lab\.sh/);
  });

  it('finds the checkout’s script unless a test points elsewhere', () => {
    expect(labPlaces({}).script).toMatch(/e2e\/lab\/lab\.sh$/);
    expect(fs.existsSync(labPlaces({}).script)).toBe(true);
    expect(labPlaces({ DROVER_LAB_SCRIPT: '/tmp/x.sh', DROVER_LAB_DIR: '/tmp/d' })).toEqual({
      script: '/tmp/x.sh',
      dir: '/tmp/d',
    });
  });
});

describe('starting the lab', () => {
  const fakeLab = (body: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-fake-lab-'));
    const script = path.join(dir, 'lab.sh');
    fs.writeFileSync(
      script,
      `printf '%s\\n' "$@" > "${dir}/args"\necho "hosts=$DROVER_LAB_HOSTS dir=$DROVER_LAB_DIR" > "${dir}/env"\n${body}\n`,
    );
    return { dir, places: { script, dir: path.join(dir, 'state') } };
  };

  it('runs the script with fixed arguments and reports each line it prints', async () => {
    const { dir, places } = fakeLab(
      `printf '\\033[1m==> building images\\033[0m\\n'; echo 'lab up: 3 hosts'`,
    );
    const seen: string[] = [];
    await runLabUp(places, (_step, _state, message) => seen.push(message));
    expect(fs.readFileSync(path.join(dir, 'args'), 'utf8')).toBe('up\n');
    expect(fs.readFileSync(path.join(dir, 'env'), 'utf8')).toBe(`hosts=3 dir=${places.dir}\n`);
    expect(seen).toEqual(['==> building images', 'lab up: 3 hosts']);
  });

  it('fails with the exit code and the last lines when the script fails', async () => {
    const { places } = fakeLab(`echo 'debootstrap: not found' >&2; exit 3`);
    await expect(runLabUp(places, () => undefined)).rejects.toThrow(
      /exit 3\): debootstrap: not found/,
    );
  });
});
