// Where and how to log in to a host. Secrets live here only in memory, decrypted on use.
export type SshAuth =
  | { kind: 'agent'; socket?: string }
  | { kind: 'key'; privateKey: string; passphrase?: string }
  | { kind: 'password'; password: string };

export interface SshTarget {
  address: string;
  port: number;
  user: string;
  auth: SshAuth;
  /** Pinned SHA256 fingerprint; a host offering another key is refused. */
  hostKey?: string;
  /** Reached through this host first (ProxyJump). */
  jump?: SshTarget;
}

export const describeTarget = (t: SshTarget): string =>
  `${t.user}@${t.address}${t.port === 22 ? '' : `:${t.port}`}`;
