// Environment values whose names say they are secrets are masked on screen until asked for:
// a glance over the shoulder or a screenshot should not leak a password.
const SECRET_NAME =
  /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|(^|_)KEY($|_)|API_?KEY|PRIVATE|CREDENTIAL|AUTH|COOKIE|SALT|DSN)/i;

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The core's mask for members who may not read values (read-only role). */
export const CORE_MASK = '****';
