import { useId } from 'react';
import type { Environment, HostAddResult } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { CheckList } from '../../components/Checklist';
import { CheckIcon, ChevronRightIcon } from '../../components/Icons';
import { Fingerprint } from './Fingerprint';
import { roleView, sshAddress } from './hostView';

/** Step 4: the host as added, with the preflight's warnings. */
export function DoneStep({
  result,
  environment,
  swarmExisted,
  allChecksOpen,
  onToggleAllChecks,
}: {
  result: HostAddResult;
  environment: Environment;
  swarmExisted: boolean;
  allChecksOpen: boolean;
  onToggleAllChecks(): void;
}) {
  const formId = useId();
  const problems = result.preflight.filter((c) => c.status === 'warn' || c.status === 'fail');
  return (
    <div className="wizard__done">
      <Alert tone="ok" title={`${result.host.name} added as a ${result.host.role}`}>
        {!swarmExisted
          ? `The first host of ${environment.name}: it manages the environment’s Swarm. Drover keeps a connection open to it.`
          : `It is part of ${environment.name}’s Swarm now. Drover keeps a connection open to it.`}
      </Alert>
      <dl className="summary-list">
        <div>
          <dt>Role</dt>
          <dd>
            <Badge tone={roleView[result.host.role].tone}>{roleView[result.host.role].label}</Badge>
          </dd>
        </div>
        <div>
          <dt>Address</dt>
          <dd className="mono">
            {sshAddress(result.host.user, result.host.address, result.host.port)}
          </dd>
        </div>
        <div>
          <dt>Host key</dt>
          <dd>{result.host.hostKey ? <Fingerprint value={result.host.hostKey} /> : '—'}</dd>
        </div>
        <div>
          <dt>System</dt>
          <dd>
            {[result.host.dockerVersion && `Docker ${result.host.dockerVersion}`, result.host.os]
              .filter(Boolean)
              .join(' · ') || '—'}
          </dd>
        </div>
      </dl>
      {problems.length > 0 ? (
        <section className="wizard__warnings" aria-labelledby={`${formId}-warnings`}>
          <h4 id={`${formId}-warnings`} className="wizard__subheading">
            {problems.length === 1
              ? '1 preflight warning'
              : `${problems.length} preflight warnings`}
          </h4>
          <CheckList checks={problems} label="Preflight warnings" />
        </section>
      ) : (
        <p className="host-card__ok">
          <CheckIcon size={14} /> All {result.preflight.length} preflight checks passed.
        </p>
      )}
      <button
        type="button"
        className="disclosure"
        aria-expanded={allChecksOpen}
        onClick={onToggleAllChecks}
      >
        <ChevronRightIcon size={14} className="icon disclosure__chevron" />
        All {result.preflight.length} checks
      </button>
      {allChecksOpen ? <CheckList checks={result.preflight} /> : null}
    </div>
  );
}
