// What may stand where a host is named outside the contract's own checks (a HostName from
// ~/.ssh/config, a manager's address reported by the Swarm): a DNS host name or an IP literal,
// nothing a shell or ssh could read as anything else.
import net from 'node:net';

const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** A host name (dot-separated labels of letters, digits, `-` and `_`) or an IPv4/IPv6 literal. */
export function isHostAddress(value: string): boolean {
  if (net.isIP(value) !== 0) return true;
  if (value.length === 0 || value.length > 253) return false;
  return value
    .replace(/\.$/, '')
    .split('.')
    .every((label) => LABEL.test(label));
}
