import crypto from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.js';
import { TempDirs } from '../test-support.js';
import { TEST_COST, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { UserStore } from './users.js';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

/** A password hash exactly as Drover's earlier versions stored it (node's scrypt). */
async function scryptHash(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = (await promisify(crypto.scrypt)(password, salt, 32)) as Buffer;
  return ['scrypt', 2 ** 14, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

describe('password hashes', () => {
  it('are Argon2id in the PHC format, salted, and verify only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('still verifies hashes of the earlier scrypt scheme, and asks for their replacement', async () => {
    const old = await scryptHash('correct horse battery');
    expect(await verifyPassword('correct horse battery', old)).toBe(true);
    expect(await verifyPassword('wrong horse battery', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('correct horse battery', TEST_COST))).toBe(true);
  });

  it('refuses malformed stored hashes without throwing', async () => {
    for (const stored of ['', 'scrypt$', 'scrypt$0$0$0$AA$AA', '$argon2id$garbage', 'md5$x']) {
      expect(await verifyPassword('correct horse battery', stored)).toBe(false);
    }
  });
});

describe('a login with an scrypt hash', () => {
  it('succeeds and replaces the hash with Argon2id; a failed one changes nothing', async () => {
    const db = openDatabase(path.join(dirs.make(), 'data'));
    try {
      const users = new UserStore(db);
      const alice = await users.add('alice', 'some other password');
      const old = await scryptHash('correct horse battery');
      db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(old, alice.id);
      const stored = () =>
        (
          db.prepare('SELECT password_hash FROM users WHERE id = ?').get(alice.id) as {
            password_hash: string;
          }
        ).password_hash;

      expect(await users.check('alice', 'wrong horse battery')).toBeNull();
      expect(stored()).toBe(old);

      expect(await users.check('alice', 'correct horse battery')).toMatchObject({ name: 'alice' });
      expect(stored()).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
      expect(await users.check('alice', 'correct horse battery')).toMatchObject({ name: 'alice' });
    } finally {
      db.close();
    }
  });
});
