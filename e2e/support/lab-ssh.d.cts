export function labSshArgs(
  lab: { sshKey: string; knownHosts: string },
  host: { address: string },
  command: string,
  connectTimeoutSeconds?: number,
): string[];
