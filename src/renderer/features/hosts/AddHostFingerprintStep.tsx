import { Alert } from '../../components/Alert';
import { formatDateTime } from '../../lib/format';
import type { KeyReview } from './addHostForm';
import { CopyButton } from '../../components/CopyButton';
import { Fingerprint, VerifyOnHost } from './Fingerprint';

/** Step 2: the host key, checked by a person against the host before it is trusted. */
export function FingerprintStep({
  review,
  understood,
  onUnderstood,
}: {
  review: KeyReview;
  understood: boolean;
  onUnderstood(value: boolean): void;
}) {
  const verdict = review.knownHosts;
  const reviewWho = review.of === 'jump' ? `the jump host ${review.address}` : review.address;
  return (
    <div className="wizard__fingerprint">
      {review.seenWhileAdding ? (
        <Alert tone="info" title="One more key to check">
          The jump host is trusted. Through it, {review.address} showed its own host key: check it
          the same way.
        </Alert>
      ) : null}
      <p>
        Drover will only talk to {reviewWho} on port {review.port} while it shows this key. Compare
        it with the fingerprint on the host before you trust it.
      </p>
      <div className="fingerprint-box">
        <span className="fingerprint-box__label">SHA256 fingerprint</span>
        <div className="fingerprint-box__value">
          <Fingerprint value={review.fingerprint} large />
          <CopyButton text={review.fingerprint} label="the fingerprint" />
        </div>
      </div>
      {review.pinned && (verdict === 'match' || verdict === 'unknown') ? (
        <Alert tone="ok" title="Pinned in Drover">
          Drover already trusts this key for {review.address} port {review.port}
          {review.pinned.since ? `, pinned ${formatDateTime(review.pinned.since)}` : ''}
          {verdict === 'match' ? '; ~/.ssh/known_hosts has the same key.' : '.'}
        </Alert>
      ) : verdict === 'match' ? (
        <Alert tone="ok" title="Matches ~/.ssh/known_hosts">
          The machine running Drover already knows this key for {review.address}.
        </Alert>
      ) : verdict === 'unknown' ? (
        <Alert tone="info" title="Not in ~/.ssh/known_hosts">
          First contact: nothing on the machine running Drover vouches for this key yet.
        </Alert>
      ) : verdict === 'mismatch' ? (
        <Alert title="Differs from the key in ~/.ssh/known_hosts">
          The machine running Drover knows another key for {review.address}. The host may have been
          reinstalled — or someone may be intercepting the connection. Trust it only if you know why
          it changed.
        </Alert>
      ) : (
        <Alert title="Revoked in ~/.ssh/known_hosts">
          This key is marked @revoked for {review.address}. Drover will not trust it; fix the host’s
          keys (or known_hosts) first.
        </Alert>
      )}
      <VerifyOnHost />
      {verdict === 'mismatch' ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={understood}
            onChange={(e) => onUnderstood(e.target.checked)}
          />
          <span>I know why this key differs from known_hosts.</span>
        </label>
      ) : null}
    </div>
  );
}
