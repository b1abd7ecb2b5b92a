import { useId, useState } from 'react';
import type { Host } from '../../../shared/types';
import { Badge, StatusDot } from '../../components/Badge';
import { Button } from '../../components/Button';
import { CheckIcon, ChevronRightIcon, KeyIcon, MoreIcon } from '../../components/Icons';
import { MenuButton } from '../../components/Menu';
import { HostName } from '../../components/HostName';
import { Spinner } from '../../components/Spinner';
import { formatBytes, plural } from '../../lib/format';
import { HostLive } from '../monitoring';
import { CheckList } from '../../components/Checklist';
import { HostStacks } from './HostStacks';
import { LabelChips } from './LabelChips';
import { ActionErrorAlert } from './ActionErrorAlert';
import { useHostActions, type HostDialogKind } from './useHostActions';
import { hostHref } from '../../lib/router';
import { capabilityViews, hostAddress, hostStateView, jumpAddress, roleView } from './hostView';
import './host-card-details.css';

const dash = <span className="subtle">—</span>;

/**
 * One host, Rancher style: state, identity, role, facts, labels, preflight and capabilities,
 * with an actions menu. Every section is always present, so live updates don't move the grid.
 */
export function HostCard({
  host,
  leader,
  managers,
  onOpenDialog,
}: {
  host: Host;
  /** Swarm's leader, when env.cluster says so. */
  leader: boolean;
  /** Managers in the environment (demoting the last one is refused). */
  managers: number;
  onOpenDialog(kind: HostDialogKind, host: Host): void;
}) {
  const titleId = useId();
  const { items, busy, actionError, clearError } = useHostActions(host, managers, onOpenDialog);
  const [errorExpanded, setErrorExpanded] = useState(false);
  const [checksOpen, setChecksOpen] = useState(false);

  // While a host reconnects its last error stays shown, so a retry loop doesn't make the card
  // (and the grid below it) jump on every attempt.
  const [lastError, setLastError] = useState(host.stateError);
  if (host.stateError && host.stateError !== lastError) setLastError(host.stateError);
  if (host.state === 'connected' && lastError !== null) setLastError(null);
  const shownError = host.state === 'connected' ? null : (host.stateError ?? lastError);

  const state = hostStateView[host.state];
  const jump = jumpAddress(host);
  const problems = host.preflight.filter((c) => c.status === 'warn' || c.status === 'fail');
  const failures = problems.filter((c) => c.status === 'fail').length;
  const warnings = problems.length - failures;

  const diskUsed =
    host.diskBytes && host.diskFreeBytes !== null
      ? Math.min(1, Math.max(0, 1 - host.diskFreeBytes / host.diskBytes))
      : null;

  return (
    <article className={`host-card host-card--${state.tone}`} aria-labelledby={titleId}>
      <header className="host-card__header">
        <div className="host-card__state">
          <StatusDot tone={state.tone} label={state.label} pulse={state.pulse} />
          <MenuButton
            label={`Actions for ${host.name}`}
            icon={<MoreIcon size={18} />}
            items={items}
          />
        </div>
        <h3 id={titleId} className="host-card__name" title={host.name}>
          <a href={hostHref(host.id)}>
            <HostName name={host.name} hostname={host.hostname} />
          </a>
        </h3>
        <p className="host-card__address">
          <span className="mono truncate" title={hostAddress(host)}>
            {hostAddress(host)}
          </span>
          {jump ? (
            <span className="host-card__jump truncate" title={`Through the jump host ${jump}`}>
              via <span className="mono">{jump}</span>
            </span>
          ) : null}
        </p>
        <div className="host-card__badges">
          <Badge tone={roleView[host.role].tone}>{roleView[host.role].label}</Badge>
          {leader ? (
            <Badge tone="ok" title="The Raft leader of the Swarm's managers">
              Leader
            </Badge>
          ) : null}
          {host.availability === 'drain' ? <Badge tone="warn">Drained</Badge> : null}
          {host.availability === 'pause' ? <Badge tone="warn">Paused</Badge> : null}
          {busy === 'role' ? (
            <span className="inline-status subtle host-card__busy">
              <Spinner size={12} /> Changing role…
            </span>
          ) : null}
        </div>
      </header>

      {shownError ? (
        <div className="host-card__error" role="note">
          <p className={errorExpanded ? undefined : 'clamp-3'}>
            {host.state === 'connecting' ? 'Retrying. Last error: ' : null}
            {shownError}
          </p>
          {host.stateErrorDetail && host.stateError === shownError ? (
            <details className="host-card__error-detail">
              <summary>Details</summary>
              <code className="mono">{host.stateErrorDetail}</code>
            </details>
          ) : null}
          {shownError.length > 140 ? (
            <button
              type="button"
              className="text-button"
              aria-expanded={errorExpanded}
              onClick={() => setErrorExpanded((v) => !v)}
            >
              {errorExpanded ? 'Show less' : 'Show all'}
            </button>
          ) : null}
          {host.state === 'host-key-mismatch' ? (
            <Button
              size="sm"
              icon={<KeyIcon size={14} />}
              onClick={() => onOpenDialog('repin', host)}
            >
              Review the new key…
            </Button>
          ) : null}
        </div>
      ) : null}

      <dl className="host-card__facts">
        <div className="host-card__fact--wide">
          <dt>Live</dt>
          <dd>
            <HostLive host={host} />
          </dd>
        </div>
        <div>
          <dt>Docker</dt>
          <dd className="mono">{host.dockerVersion ?? dash}</dd>
        </div>
        <div>
          <dt>CPUs</dt>
          <dd className="tabular">{host.cpus ?? dash}</dd>
        </div>
        <div>
          <dt>Memory</dt>
          <dd className="tabular">
            {host.memoryBytes === null ? dash : formatBytes(host.memoryBytes)}
          </dd>
        </div>
        <div className="host-card__fact--wide">
          <dt>OS</dt>
          <dd className="host-card__os">
            {host.os || host.kernel ? (
              <>
                <span className="truncate" title={host.os ?? undefined}>
                  {host.os ?? 'Linux'}
                </span>
                {host.kernel ? (
                  <span className="truncate mono subtle" title={`Kernel ${host.kernel}`}>
                    kernel {host.kernel}
                  </span>
                ) : null}
              </>
            ) : (
              dash
            )}
          </dd>
        </div>
        <div className="host-card__fact--wide">
          <dt>Disk</dt>
          <dd>
            {host.diskBytes !== null && host.diskFreeBytes !== null ? (
              <span className="host-card__disk">
                <span className="tabular">
                  {formatBytes(host.diskFreeBytes)} free of {formatBytes(host.diskBytes)}
                </span>
                {diskUsed !== null ? (
                  <span
                    className={`meter${diskUsed > 0.9 ? ' meter--warn' : ''}`}
                    aria-hidden="true"
                  >
                    <span className="meter__fill" style={{ width: `${diskUsed * 100}%` }} />
                  </span>
                ) : null}
              </span>
            ) : (
              dash
            )}
          </dd>
        </div>
      </dl>

      <div className="host-card__rows">
        <div className="host-card__row">
          <h4 className="host-card__heading">Labels</h4>
          <LabelChips host={host} empty={<p className="host-card__none">None</p>} />
        </div>

        <div className="host-card__row">
          <h4 className="host-card__heading">Preflight</h4>
          {busy === 'preflight' ? (
            <p className="inline-status muted host-card__line">
              <Spinner size={12} /> Running the checks…
            </p>
          ) : host.preflight.length === 0 ? (
            <p className="host-card__none">Not run yet</p>
          ) : problems.length === 0 ? (
            <p className="host-card__line host-card__ok">
              <CheckIcon size={14} /> All {host.preflight.length} checks passed
            </p>
          ) : (
            <button
              type="button"
              className={`disclosure${failures ? ' disclosure--error' : ' disclosure--warn'}`}
              aria-expanded={checksOpen}
              onClick={() => setChecksOpen((v) => !v)}
            >
              <ChevronRightIcon size={14} className="icon disclosure__chevron" />
              {[
                failures ? plural(failures, 'failed check') : null,
                warnings ? plural(warnings, 'warning') : null,
              ]
                .filter(Boolean)
                .join(', ')}
            </button>
          )}
          {checksOpen && problems.length > 0 && busy !== 'preflight' ? (
            <div className="host-card__row-detail">
              <CheckList checks={problems} label={`Preflight warnings of ${host.name}`} />
            </div>
          ) : null}
        </div>

        <div className="host-card__row host-card__row--stacked">
          <h4 className="host-card__heading">Capabilities</h4>
          {host.capabilities ? (
            <ul className="chips" aria-label={`Capabilities of ${host.name}`}>
              {capabilityViews(host.capabilities).map((c) => (
                <li key={c.id} className={`chip chip--${c.ok ? 'ok' : 'warn'}`} title={c.detail}>
                  {c.label}
                </li>
              ))}
            </ul>
          ) : (
            <p className="host-card__none">Known after the preflight</p>
          )}
        </div>
      </div>

      <div className="host-card__section host-card__stacks">
        <h4 className="host-card__heading">Containers by stack</h4>
        <HostStacks host={host} />
      </div>

      {actionError ? (
        <div className="host-card__alert">
          <ActionErrorAlert error={actionError} onDismiss={clearError} />
        </div>
      ) : null}
    </article>
  );
}
