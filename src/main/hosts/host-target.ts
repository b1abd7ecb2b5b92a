// Where a host is reached: its address, port, user and jump host, completed from the user's SSH
// config, and a jump host whose key is trusted; the wizard's probe of the host's key.
import os from 'node:os';
import type { z } from 'zod';
import type { requests } from '../../shared/contract.js';
import { DroverError } from '../../shared/errors.js';
import type { HostProbe, JumpHost } from '../../shared/types.js';
import { probeHostKey } from '../ssh/connect.js';
import { resolveSshAlias } from '../ssh/ssh-config.js';
import type { SshAuth, SshTarget } from '../ssh/target.js';
import { jumpTarget, sshAuth } from './credentials.js';
import { decideTrust, knownHostsVerdict } from './trust.js';
import type { HostContext } from './host-context.js';

export type ProbeArgs = z.output<(typeof requests)['host.probe']['args']>;

interface Resolved {
  address: string;
  port: number;
  user: string;
  identityFile?: string;
  jump?: { address: string; port: number; user: string };
}

const localUser = () => {
  try {
    return os.userInfo().username;
  } catch {
    return 'root';
  }
};

/** The host's key and what known_hosts says of it: the wizard's fingerprint step. */
export async function probeHost(ctx: HostContext, args: ProbeArgs): Promise<HostProbe> {
  const r = resolveTarget(ctx, args);
  let jump: SshTarget | undefined;
  if (r.jump) {
    // Reaching the target's sshd means logging in to the jump host, whose key must be known.
    const hostKey = args.jump?.hostKey;
    if (!hostKey || !args.auth) {
      throw new DroverError(
        'INVALID_ARGUMENT',
        "Probe the jump host first and pass its accepted key and the login to use, or add the host with the target's key",
        { reason: 'jump-host-unchecked' },
      );
    }
    jump = jumpTarget({ ...r.jump, hostKey }, sshAuth(args.auth));
  }
  // The target's key exchange needs no login of its own.
  const target: SshTarget = {
    address: r.address,
    port: r.port,
    user: r.user,
    auth: { kind: 'agent' },
    jump,
  };
  const fingerprint = await probeHostKey(target, { readyTimeoutMs: 8_000 });
  return {
    address: r.address,
    port: r.port,
    user: r.user,
    fingerprint,
    knownHosts: knownHostsVerdict(r, fingerprint, ctx.d.knownHostsFile),
    pinned: ctx.d.hosts.keyPinned(r.address, r.port, fingerprint),
  };
}
export function resolveTarget(
  ctx: HostContext,
  args: {
    address: string;
    port?: number;
    user?: string;
    jump?: { address: string; port: number; user: string };
  },
): Resolved {
  const alias = resolveSshAlias(args.address, { configPath: ctx.d.sshConfigPath });
  if (alias.proxyCommand) {
    throw new DroverError(
      'INVALID_ARGUMENT',
      `${args.address} uses ProxyCommand in ~/.ssh/config, which Drover does not run; use ProxyJump or a jump host`,
    );
  }
  if ((alias.proxyJump?.length ?? 0) > 1) {
    throw new DroverError(
      'INVALID_ARGUMENT',
      `${args.address} goes through ${alias.proxyJump!.length} jump hosts; Drover supports one`,
    );
  }
  const firstJump = alias.proxyJump?.[0];
  const jump =
    args.jump ??
    (firstJump
      ? {
          address: firstJump.host,
          port: firstJump.port ?? 22,
          user: firstJump.user ?? args.user ?? alias.user ?? localUser(),
        }
      : undefined);
  return {
    address: alias.hostName,
    port: args.port ?? alias.port ?? 22,
    user: args.user ?? alias.user ?? localUser(),
    identityFile: alias.identityFiles[0],
    jump,
  };
}
export async function trustedJump(
  ctx: HostContext,
  jump: { address: string; port: number; user: string },
  auth: SshAuth,
  accepted: string | undefined,
  trustOnFirstUse: boolean,
): Promise<JumpHost> {
  const target: SshTarget = { ...jump, auth };
  const hostKey = decideTrust(target, await probeHostKey(target, { readyTimeoutMs: 10_000 }), {
    accepted,
    trustOnFirstUse,
    knownHostsFile: ctx.d.knownHostsFile,
  });
  return { ...jump, hostKey };
}
