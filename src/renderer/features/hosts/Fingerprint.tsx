import { CopyButton } from '../../components/CopyButton';

export const VERIFY_COMMAND = 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub';

/** A SHA256 fingerprint in monospace, split after the prefix so it reads and wraps well. */
export function Fingerprint({
  value,
  tone = 'neutral',
  large = false,
}: {
  value: string;
  tone?: 'neutral' | 'old' | 'new';
  large?: boolean;
}) {
  const [prefix, hash] = value.startsWith('SHA256:') ? ['SHA256:', value.slice(7)] : ['', value];
  return (
    <code
      className={`fingerprint fingerprint--${tone}${large ? ' fingerprint--large' : ''}`}
      data-fingerprint={value}
    >
      <span className="fingerprint__prefix">{prefix}</span>
      {hash}
    </code>
  );
}

/** How to read the fingerprint on the host itself. */
export function VerifyOnHost() {
  return (
    <div className="verify">
      <p className="verify__text">
        To check it, run this on the host (console or a session you trust) and compare the SHA256
        value:
      </p>
      <div className="verify__command">
        <code className="mono">{VERIFY_COMMAND}</code>
        <CopyButton text={VERIFY_COMMAND} label="the command" />
      </div>
      <p className="verify__note subtle">
        Drover asks for the ed25519 key when the host has one; otherwise compare with
        ssh_host_ecdsa_key.pub or ssh_host_rsa_key.pub in the same folder.
      </p>
    </div>
  );
}
