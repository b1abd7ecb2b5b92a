import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { AuditEntry } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ResultDot } from './ResultDot';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { AuditIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { Segmented } from '../../components/Segmented';
import { Spinner } from '../../components/Spinner';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { detailsTimeColumn, textColumn } from '../../components/columns';
import {
  durationBetween,
  formatDateTime,
  formatDateTimeLong,
  formatNumber,
  plural,
} from '../../lib/format';
import { useAudit } from '../../stores/audit';
import { AuditChain } from './AuditChain';
import { AuditDetailsDialog } from './AuditDetailsDialog';
import { shellLabel } from './shells';
import { SearchField } from '../../components/SearchField';

// The text a filter matches against, computed once per entry.
const haystacks = new WeakMap<AuditEntry, string>();
function haystack(entry: AuditEntry): string {
  let text = haystacks.get(entry);
  if (text === undefined) {
    text = [
      entry.actor,
      entry.shell,
      shellLabel[entry.shell],
      entry.action,
      entry.target,
      entry.result,
      entry.error ?? '',
      formatDateTime(entry.at),
    ]
      .join('\u0000')
      .toLowerCase();
    haystacks.set(entry, text);
  }
  return text;
}

type ResultFilter = 'all' | 'error';

const columns: readonly Column<AuditEntry>[] = [
  detailsTimeColumn({
    id: 'at',
    header: 'Started',
    // The locale's date and time, e.g. "Dec 8, 2026, 12:27:33 AM".
    width: '200px',
    at: (e) => e.at,
    label: (e) => `${formatDateTime(e.at)}, ${e.action}`,
    title: (e) => formatDateTimeLong(e.at),
  }),
  {
    id: 'duration',
    header: 'Took',
    width: '104px',
    className: 'tabular',
    // Entries written before end times were kept have none: say so rather than guess.
    render: (e) => durationBetween(e.at, e.endedAt) ?? <span className="subtle">—</span>,
    title: (e) => (e.endedAt ? `Ended ${formatDateTimeLong(e.endedAt)}` : 'End not recorded'),
  },
  textColumn({ id: 'actor', header: 'Actor', width: 'minmax(80px, 0.5fr)', text: (e) => e.actor }),
  {
    id: 'shell',
    header: 'Shell',
    width: '96px',
    render: (e) => <Badge>{shellLabel[e.shell] ?? e.shell}</Badge>,
  },
  textColumn({
    id: 'action',
    header: 'Action',
    width: 'minmax(130px, 0.8fr)',
    className: 'mono',
    text: (e) => e.action,
  }),
  {
    id: 'target',
    header: 'Target',
    width: 'minmax(140px, 1.1fr)',
    render: (e) => e.target || <span className="subtle">—</span>,
    title: (e) => e.target,
  },
  {
    id: 'result',
    header: 'Result',
    width: '96px',
    render: (e) => <ResultDot result={e.result} />,
  },
  {
    id: 'error',
    header: 'Error',
    width: 'minmax(160px, 1.5fr)',
    className: 'audit__error',
    render: (e) => e.error ?? '',
    title: (e) => e.error ?? undefined,
  },
];

const rowKey = (e: AuditEntry) => e.id;
const rowClassName = (e: AuditEntry) => (e.result !== 'ok' ? 'is-error' : undefined);

export function AuditPage() {
  const entries = useAudit((s) => s.entries);
  const status = useAudit((s) => s.status);
  const error = useAudit((s) => s.error);
  const load = useAudit((s) => s.load);
  const loadOlder = useAudit((s) => s.loadOlder);
  const loadingOlder = useAudit((s) => s.loadingOlder);
  const olderError = useAudit((s) => s.olderError);
  const reachedEnd = useAudit((s) => s.reachedEnd);
  const principal = useAudit((s) => s.principal);
  const setPrincipal = useAudit((s) => s.setPrincipal);
  const [principalText, setPrincipalText] = useState(principal ?? '');

  const [query, setQuery] = useState('');
  const [result, setResult] = useState<ResultFilter>('all');
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const deferredQuery = useDeferredValue(query);
  const needle = deferredQuery.trim().toLowerCase();
  const filtering = needle !== '' || result !== 'all';

  const rows = useMemo(() => {
    if (!filtering) return entries;
    const terms = needle.split(/\s+/).filter(Boolean);
    return entries.filter(
      (e) =>
        (result === 'all' || e.result !== 'ok') &&
        terms.every((term) => haystack(e).includes(term)),
    );
  }, [entries, needle, result, filtering]);

  // Scroll-driven paging only when unfiltered; with a filter, older pages load on request.
  const onEndReached = useCallback(() => {
    if (!filtering) void loadOlder();
  }, [filtering, loadOlder]);

  return (
    <div className="page page--fill">
      <PageHeader
        title="Audit log"
        description="Every change made through this console, by whom and from which shell — newest first, updated live."
      />
      <AuditChain />
      <LoadState
        status={status}
        error={error}
        what="the audit log"
        onRetry={() => void load()}
        rows={6}
      >
        <div className="toolbar" role="search" aria-label="Filter audit entries">
          <SearchField
            label="Filter"
            placeholder="Filter by action, target, actor, error…"
            value={query}
            onChange={setQuery}
          />
          <form
            className="audit__principal"
            onSubmit={(e) => {
              e.preventDefault();
              void setPrincipal(principalText.trim() || null);
            }}
          >
            <input
              className="input"
              aria-label="Principal (press Enter; empty: everyone)"
              placeholder="Principal (Enter)"
              value={principalText}
              onChange={(e) => setPrincipalText(e.target.value)}
              onBlur={() => void setPrincipal(principalText.trim() || null)}
              spellCheck={false}
              autoComplete="off"
            />
          </form>
          <Segmented
            name="audit-result"
            label="Result"
            value={result}
            onChange={setResult}
            options={[
              ['all', 'All results'],
              ['error', 'Failed or unknown'],
            ]}
          />
          <p className="toolbar__count" aria-live="polite">
            {filtering
              ? `${formatNumber(rows.length)} of ${plural(entries.length, 'loaded entry', 'loaded entries')}`
              : plural(entries.length, 'entry', 'entries') + (reachedEnd ? '' : ' loaded')}
          </p>
        </div>
        <div className="audit__table">
          <VirtualTable
            label="Audit entries"
            rows={rows}
            columns={columns}
            rowKey={rowKey}
            rowClassName={rowClassName}
            onRowClick={setSelected}
            onEndReached={onEndReached}
            resetKey={`${needle}\u0000${result}`}
            newRowsLabel={(n) => `${plural(n, 'new entry', 'new entries')} above`}
            empty={
              entries.length === 0 && principal !== null ? (
                <EmptyState compact title={`No entries by ${principal}`}>
                  <p>
                    Nobody of that name (or a token of theirs) has changed or been refused anything.
                  </p>
                </EmptyState>
              ) : entries.length === 0 ? (
                <EmptyState compact icon={<AuditIcon size={24} />} title="No audit entries yet">
                  <p>
                    Changes made through the console — creating an environment, changing a setting —
                    are recorded here with who made them and from where.
                  </p>
                </EmptyState>
              ) : (
                <EmptyState compact title="No entries match this filter">
                  <p>
                    {reachedEnd
                      ? 'Nothing in the audit log matches. Try fewer or other words.'
                      : 'Nothing among the loaded entries matches. Older entries can be searched after loading them below.'}
                  </p>
                </EmptyState>
              )
            }
          />
        </div>
        <div className="audit__footer">
          {olderError ? (
            <Alert
              title="Couldn’t load older entries"
              actions={
                <Button size="sm" onClick={() => void loadOlder()}>
                  Retry
                </Button>
              }
            >
              {olderError}
            </Alert>
          ) : loadingOlder ? (
            <span className="muted inline-status">
              <Spinner size={14} /> Loading older entries…
            </span>
          ) : reachedEnd ? (
            <span className="subtle">
              {entries.length > 0 ? 'This is the whole audit log.' : '\u00a0'}
            </span>
          ) : (
            <Button size="sm" variant="ghost" onClick={() => void loadOlder()}>
              Load older entries
            </Button>
          )}
        </div>
      </LoadState>
      {selected ? <AuditDetailsDialog entry={selected} onClose={() => setSelected(null)} /> : null}
    </div>
  );
}
