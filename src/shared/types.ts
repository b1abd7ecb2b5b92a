// Data transfer objects shared by the core and the renderer. Plain data only: no secrets ever
// appear in these types, because everything here may be sent to the renderer.

export type ShellKind = 'electron' | 'web' | 'cli';

export interface AppInfo {
  version: string;
  shell: ShellKind;
  dataDir: string;
  platform: string;
  /** How secrets (passwords, passphrases) are protected at rest in this shell. */
  secretStorage: 'os-keychain' | 'key-file';
  storeSchemaVersion: number;
}

export interface Environment {
  id: number;
  name: string;
  description: string;
  createdAt: string;
  hostCount: number;
}

export type HostState =
  'new' | 'connecting' | 'connected' | 'unreachable' | 'auth-failed' | 'host-key-mismatch';

export type SwarmRole = 'manager' | 'worker' | 'none';

export interface Host {
  id: number;
  environmentId: number;
  name: string;
  address: string;
  port: number;
  user: string;
  state: HostState;
  role: SwarmRole;
  dockerVersion: string | null;
  os: string | null;
  kernel: string | null;
  cpus: number | null;
  memoryBytes: number | null;
  labels: Record<string, string>;
}

export type AuditResult = 'ok' | 'error';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  shell: ShellKind;
  action: string;
  target: string;
  details: Record<string, unknown>;
  result: AuditResult;
  error: string | null;
}

export type ThemePreference = 'system' | 'light' | 'dark';

export interface Settings {
  theme: ThemePreference;
}
