import { useRef, useState } from 'react';
import { fingerprintSchema } from '../../../shared/contract';
import type { Host } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { useSubmit } from '../../lib/useSubmit';
import { useHosts } from '../../stores/hosts';
import { toast } from '../../stores/toasts';
import { Fingerprint, VerifyOnHost } from './Fingerprint';

/**
 * Accept a host's changed SSH key: shows the pinned and the offered fingerprint side by side and
 * asks for an explicit confirmation, since a changed key can mean an intercepted connection.
 */
export function RepinDialog({ host, onClose }: { host: Host; onClose(): void }) {
  const repin = useHosts((s) => s.repin);
  const offered = host.offeredHostKey;
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const { busy, error, setError, run } = useSubmit();
  const cancelRef = useRef<HTMLButtonElement>(null);

  const onRepin = async () => {
    setError(null);
    let hostKey = offered;
    if (!hostKey) {
      const parsed = fingerprintSchema.safeParse(typed);
      if (!parsed.success) {
        setTypedError(parsed.error.issues[0]?.message ?? 'Invalid fingerprint');
        return;
      }
      hostKey = parsed.data;
    }
    await run(async () => {
      await repin(host.id, hostKey);
      toast({
        tone: 'ok',
        title: `New host key of ${host.name} pinned`,
        body: 'Drover reconnects with it now.',
      });
      onClose();
    });
  };

  return (
    <Dialog
      open
      role="alertdialog"
      size="md"
      onClose={onClose}
      busy={busy}
      initialFocus={cancelRef}
      title={`Re-pin the host key of ${host.name}?`}
      description="The host now offers a different SSH key than the one Drover pinned. Drover will not connect until you decide."
      footer={
        <>
          <Button ref={cancelRef} onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={busy}
            disabled={!confirmed || (!offered && !typed)}
            onClick={() => void onRepin()}
          >
            Trust the new key
          </Button>
        </>
      }
    >
      {error ? <Alert title="Couldn’t re-pin the key">{error}</Alert> : null}
      <Alert tone="warn" title="Only accept it if you know why it changed">
        A reinstalled host, or a regenerated SSH key, changes its fingerprint. So does someone
        intercepting the connection. Check the new fingerprint on the host itself, over a channel
        you trust.
      </Alert>
      <dl className="fingerprints">
        <div>
          <dt>Pinned</dt>
          <dd>
            {host.hostKey ? (
              <Fingerprint value={host.hostKey} tone="old" />
            ) : (
              <span className="subtle">None</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Offered now</dt>
          <dd>
            {offered ? (
              <Fingerprint value={offered} tone="new" />
            ) : (
              <span className="subtle">Not in the connection error</span>
            )}
          </dd>
        </div>
      </dl>
      {!offered ? (
        <TextField
          label="New fingerprint"
          className="input mono"
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setTypedError(null);
          }}
          error={typedError}
          hint="As printed on the host by the command below, e.g. SHA256:abc…"
          placeholder="SHA256:"
          spellCheck={false}
          autoComplete="off"
        />
      ) : null}
      <VerifyOnHost />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={confirmed}
          onChange={(e) => setConfirmed(e.target.checked)}
          disabled={busy}
        />
        <span>I have checked the new fingerprint on {host.name} and know why its key changed.</span>
      </label>
    </Dialog>
  );
}
