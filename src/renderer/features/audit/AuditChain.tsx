import { useCallback, useEffect, useState } from 'react';
import type { AuditChainState } from '../../../shared/types';
import { Button } from '../../components/Button';
import { Spinner } from '../../components/Spinner';
import { api } from '../../lib/api';
import { errorCode, errorMessage } from '../../lib/errors';

/** The digest chain's state, walked on opening and on request (a site admin's check). */
export function AuditChain() {
  const [state, setState] = useState<AuditChainState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const verify = useCallback(async () => {
    setChecking(true);
    try {
      setState(await api.invoke('audit.verify', {}));
      setProblem(null);
    } catch (error) {
      setState(null);
      setProblem(
        errorCode(error) === 'FORBIDDEN'
          ? 'Only a site admin can verify the whole chain.'
          : `Could not verify the chain: ${errorMessage(error)}`,
      );
    } finally {
      setChecking(false);
    }
  }, []);
  useEffect(() => void verify(), [verify]);

  const text = problem
    ? problem
    : state
      ? state.ok
        ? `Chain verified: ${state.rows} rows, none changed, inserted or deleted since written${state.prunedThrough !== null ? ` (rows up to #${state.prunedThrough} pruned by retention)` : ''}.`
        : `Chain broken at row #${state.brokenAt ?? '?'}: ${state.message}.`
      : 'Checking the chain…';
  const tone = state && !state.ok ? 'audit-chain--broken' : state?.ok ? 'audit-chain--ok' : '';
  return (
    <div className={`audit-chain ${tone}`} role="status" aria-label="Audit chain">
      <span>{text}</span>
      <Button size="sm" variant="ghost" disabled={checking} onClick={() => void verify()}>
        {checking ? <Spinner size={12} /> : null} Verify now
      </Button>
    </div>
  );
}
