// System errors of reaching a host or reading a key file, said in words a user can act on. The
// raw code and system message stay beside them as the detail (for the curious and for support).
// The one mapping: the SSH layer and the credentials use it where the error is made, so the
// console, the CLI and the audit log all say the same.

export interface Worded {
  message: string;
  /** The raw error: "EHOSTUNREACH: connect EHOSTUNREACH 10.0.0.5:22". */
  detail: string;
}

type SystemError = Error & { code?: string };

const raw = (error: SystemError) =>
  error.code && !error.message.includes(error.code)
    ? `${error.code}: ${error.message}`
    : error.message;

/** Why a TCP connection to host:port failed; null for errors that are not about the network. */
export function networkWords(address: string, port: number, error: SystemError): Worded | null {
  const at = port === 22 ? address : `${address} port ${port}`;
  const message = ((): string | null => {
    switch (error.code) {
      case 'EHOSTUNREACH':
        return `No route to host ${address} — is it up and on this network?`;
      case 'ENETUNREACH':
        return `No network route to ${address} from this machine — check its network connection or VPN`;
      case 'ECONNREFUSED':
        return `${at} refused the connection — is sshd running there, on port ${port}?`;
      case 'ETIMEDOUT':
        return `${at} did not answer — it may be down, or a firewall drops the traffic`;
      case 'ECONNRESET':
        return `${address} closed the connection at once — sshd may be refusing this address or busy with other logins (MaxStartups)`;
      case 'ENOTFOUND':
        return `No host named ${address} was found in DNS — check the spelling, or use its IP address`;
      case 'EAI_AGAIN':
        return `DNS did not answer for ${address} — try again, or use its IP address`;
      default:
        return null;
    }
  })();
  return message ? { message, detail: raw(error) } : null;
}

/** Why a key file could not be read. */
export function keyFileWords(file: string, error: SystemError): Worded {
  const message = ((): string => {
    switch (error.code) {
      case 'ENOENT':
        return `The key file ${file} does not exist on this machine`;
      case 'EACCES':
      case 'EPERM':
        return `The console may not read the key file ${file} (permission denied) — check the file's owner and mode`;
      case 'EISDIR':
        return `${file} is a folder, not a key file`;
      default:
        return `Cannot read the key file ${file}`;
    }
  })();
  return { message, detail: raw(error) };
}
