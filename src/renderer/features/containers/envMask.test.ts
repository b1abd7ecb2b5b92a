import { describe, expect, it } from 'vitest';
import { looksSecret } from './envMask';

describe('looksSecret', () => {
  it('masks values named like secrets', () => {
    for (const name of [
      'MYSQL_ROOT_PASSWORD',
      'DB_PASSWD',
      'JWT_SECRET',
      'GITHUB_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'KEY',
      'SSH_KEY_FILE',
      'STRIPE_APIKEY',
      'PRIVATE_PEM',
      'SENTRY_DSN',
      'basic_auth',
    ])
      expect(looksSecret(name), name).toBe(true);
  });

  it('shows ordinary values', () => {
    for (const name of ['PATH', 'NGINX_VERSION', 'MONKEY_COUNT', 'KEYBOARD_LAYOUT', 'HOSTNAME'])
      expect(looksSecret(name), name).toBe(false);
  });
});
