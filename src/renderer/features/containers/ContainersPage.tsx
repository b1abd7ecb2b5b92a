import { HostName } from '../../components/HostName';
import {
  lazy,
  Suspense,
  useCallback,
  useDeferredValue,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from 'react';
import type { ContainerState, ContainerSummary } from '../../../shared/types';
import { containerHref, hrefFor } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { StatusDot } from '../../components/Badge';
import { Button, ButtonLink } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import {
  ArrowRightIcon,
  ContainersIcon,
  LogsIcon,
  ServiceLogsIcon,
  TerminalIcon,
  TrashIcon,
} from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { Spinner } from '../../components/Spinner';
import { VirtualTable, type Column, type TableSort } from '../../components/VirtualTable';
import { formatNumber, plural } from '../../lib/format';
import { refreshContainers, useEnvironmentContainers } from '../../stores/containers';
import { EnvironmentPage } from '../../components/EnvironmentPage';
import { NoHostsYet } from '../../components/NoHostsYet';
import { useEnvironmentScope } from '../../stores/environmentScope';
import {
  containerKey,
  haystack,
  imageName,
  nameParts,
  serviceShortName,
  sortContainers,
  stateLabel,
  stateOrder,
  stateTone,
  statusText,
} from './containerView';
import { LogPanel, type LogTarget } from './LogPanel';
import { RemoveContainerDialog } from './RemoveContainerDialog';
import { Uptime } from './Uptime';
import { notLive, unknownSince } from '../../lib/hostState';
import { SearchField } from '../../components/SearchField';
import { IconButton } from '../../components/IconButton';
import { TimeAgo } from '../../components/TimeAgo';

// xterm.js is only loaded when a shell is opened.
const ShellPanel = lazy(() => import('./ShellPanel').then((m) => ({ default: m.ShellPanel })));

type Session =
  | { kind: 'logs'; key: string; target: LogTarget }
  | {
      kind: 'shell';
      key: string;
      container: ContainerSummary;
      /** A new number for each "Shell" click: a new session, even for the same container. */
      nonce: number;
    };

interface RowActions {
  openLogs(c: ContainerSummary): void;
  openServiceLogs(c: ContainerSummary): void;
  openShell(c: ContainerSummary): void;
  remove(c: ContainerSummary): void;
}

/** `hostnames`: each host's Swarm hostname by host id, shown beside a Drover name that differs. */
function buildColumns(
  actions: RowActions,
  hostnames: ReadonlyMap<number, string | null>,
): Column<ContainerSummary>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      width: 'minmax(160px, 1.3fr)',
      sortable: true,
      render: (c) => {
        const { head, tail } = nameParts(c);
        return (
          <a
            className="containers__name containers__name-link"
            href={containerHref(c.hostId, c.id)}
          >
            <span className="cell-strong">{head}</span>
            {tail ? <span className="containers__task-id">{tail}</span> : null}
          </a>
        );
      },
      title: (c) => `${c.name}\n${c.id.slice(0, 12)}`,
    },
    {
      id: 'stack',
      header: 'Stack',
      width: 'minmax(72px, 0.6fr)',
      sortable: true,
      render: (c) => c.stack ?? <span className="subtle">—</span>,
      title: (c) => c.stack ?? undefined,
    },
    {
      id: 'service',
      header: 'Service',
      width: 'minmax(80px, 0.7fr)',
      sortable: true,
      render: (c) => serviceShortName(c) ?? <span className="subtle">—</span>,
      title: (c) => c.service ?? undefined,
    },
    {
      id: 'host',
      header: 'Host',
      width: 'minmax(80px, 0.6fr)',
      sortable: true,
      render: (c) => <HostName name={c.hostName} hostname={hostnames.get(c.hostId) ?? null} />,
      title: (c) => c.hostName,
    },
    {
      id: 'state',
      header: 'State',
      width: '136px',
      sortable: true,
      render: (c) => (
        <StatusDot
          tone={stateTone[c.state]}
          label={stateLabel[c.state]}
          pulse={c.state === 'restarting'}
        />
      ),
    },
    {
      id: 'image',
      header: 'Image',
      width: 'minmax(90px, 0.8fr)',
      sortable: true,
      className: 'mono containers__image',
      render: (c) => imageName(c.image),
      title: (c) => c.image,
    },
    {
      id: 'uptime',
      header: 'Uptime',
      width: '84px',
      sortable: true,
      className: 'tabular',
      render: (c) => (c.state === 'running' ? <Uptime startedAt={c.startedAt} /> : '—'),
    },
    {
      id: 'status',
      header: 'Status',
      width: 'minmax(120px, 1fr)',
      sortable: true,
      className: 'muted',
      render: (c) =>
        c.finishedAt ? (
          <>
            {statusText(c)} · <TimeAgo at={c.finishedAt} prefix="Stopped " />
          </>
        ) : (
          statusText(c)
        ),
      title: (c) => c.status,
    },
    {
      id: 'actions',
      header: 'Actions',
      headerHidden: true,
      width: '104px',
      align: 'end',
      className: 'containers__actions',
      render: (c) => (
        <span className="row-actions">
          <IconButton
            label={`Logs of ${c.name}`}
            title="Logs"
            onClick={() => actions.openLogs(c)}
            icon={<LogsIcon size={16} />}
          />
          <IconButton
            label={`Service logs of ${c.service ?? c.name}`}
            title={c.service ? `Service logs (${c.service})` : 'Not part of a service'}
            disabled={!c.service}
            onClick={() => actions.openServiceLogs(c)}
            icon={<ServiceLogsIcon size={16} />}
          />
          <IconButton
            label={`Shell into ${c.name}`}
            title={c.state === 'running' ? 'Shell' : 'A shell needs a running container'}
            disabled={c.state !== 'running'}
            onClick={() => actions.openShell(c)}
            icon={<TerminalIcon size={16} />}
          />
          <IconButton
            label={`Remove ${c.name}`}
            title="Remove (docker rm -f)"
            onClick={() => actions.remove(c)}
            icon={<TrashIcon size={16} />}
          />
        </span>
      ),
    },
  ];
}

const DOCK_KEY = 'drover.containers.dock';
function initialDockHeight(): number {
  try {
    const saved = Number(localStorage.getItem(DOCK_KEY));
    return Number.isFinite(saved) && saved >= 180 ? saved : 340;
  } catch {
    return 340;
  }
}

export function ContainersPage() {
  const { environment, hosts, status, error, retry } = useEnvironmentScope();
  const environmentId = environment?.id;
  const entry = useEnvironmentContainers(environmentId);
  const name = environment?.name ?? '…';

  const [query, setQuery] = useState('');
  const [states, setStates] = useState<ReadonlySet<ContainerState>>(new Set());
  const [sort, setSort] = useState<TableSort>({ column: 'name', direction: 'ascending' });
  const [session, setSession] = useState<Session | null>(null);
  const [removing, setRemoving] = useState<ContainerSummary | null>(null);
  const [dockHeight, setDockHeight] = useState(initialDockHeight);
  const nonce = useRef(0);
  const deferredQuery = useDeferredValue(query);
  const needle = deferredQuery.trim().toLowerCase();

  const items = useMemo(() => entry.items ?? [], [entry.items]);
  const counts = useMemo(() => {
    const map = new Map<ContainerState, number>();
    for (const c of items) map.set(c.state, (map.get(c.state) ?? 0) + 1);
    return map;
  }, [items]);
  const sorted = useMemo(() => sortContainers(items, sort), [items, sort]);
  const rows = useMemo(() => {
    const terms = needle.split(/\s+/).filter(Boolean);
    if (terms.length === 0 && states.size === 0) return sorted;
    return sorted.filter(
      (c) =>
        (states.size === 0 || states.has(c.state)) &&
        terms.every((term) => haystack(c).includes(term)),
    );
  }, [sorted, needle, states]);
  const filtering = needle !== '' || states.size > 0;

  const actions = useMemo<RowActions>(
    () => ({
      openLogs: (c) =>
        setSession({
          kind: 'logs',
          key: containerKey(c),
          target: {
            kind: 'container',
            environmentId: environmentId ?? 0,
            hostId: c.hostId,
            containerId: c.id,
            name: c.name,
            hostName: c.hostName,
          },
        }),
      openServiceLogs: (c) => {
        if (!c.service) return;
        setSession({
          kind: 'logs',
          key: `service:${c.service}`,
          target: { kind: 'service', environmentId: environmentId ?? 0, service: c.service },
        });
      },
      openShell: (c) => {
        nonce.current += 1;
        setSession({ kind: 'shell', key: containerKey(c), container: c, nonce: nonce.current });
      },
      remove: setRemoving,
    }),
    [environmentId],
  );
  const hostnames = useMemo(() => new Map(hosts.map((h) => [h.id, h.hostname])), [hosts]);
  const columns = useMemo(() => buildColumns(actions, hostnames), [actions, hostnames]);

  const onSortChange = useCallback((column: string) => {
    setSort((s) =>
      s.column === column
        ? { column, direction: s.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: 'ascending' },
    );
  }, []);

  const toggleState = (state: ContainerState) =>
    setStates((current) => {
      const next = new Set(current);
      if (next.has(state)) next.delete(state);
      else next.add(state);
      return next;
    });

  const offline = hosts.filter((h) => h.state !== 'connected');
  const connected = hosts.length - offline.length;
  const chipStates =
    items.length === 0
      ? []
      : stateOrder.filter((s) => s === 'running' || counts.has(s) || states.has(s));
  const selectedKey =
    session?.kind === 'logs' && session.target.kind === 'container'
      ? session.key
      : session?.kind === 'shell'
        ? session.key
        : null;

  return (
    <EnvironmentPage
      className="page--fill containers"
      title="Containers"
      description="Every container on the environment’s hosts, live — with its logs and a shell."
    >
      <LoadState status={status} error={error} what="the environment" onRetry={retry} rows={6}>
        {hosts.length === 0 ? (
          <div className="surface">
            <NoHostsYet
              environmentName={name}
              icon={<ContainersIcon size={28} />}
              reason="containers run on the environment’s hosts"
            />
          </div>
        ) : entry.status === 'error' && !entry.items ? (
          <Alert
            title="Couldn’t list the containers"
            actions={
              <Button
                size="sm"
                onClick={() => environmentId && void refreshContainers(environmentId)}
              >
                Retry
              </Button>
            }
          >
            {entry.error}
          </Alert>
        ) : !entry.items ? (
          <div className="load-state" aria-busy="true" aria-label="Loading the containers">
            {Array.from({ length: 6 }, (_, i) => (
              <div key={i} className="skeleton" />
            ))}
          </div>
        ) : (
          <>
            {notLive(entry.hosts).length > 0 && connected > 0 ? (
              <Alert tone="warn" title="Not every host is followed live">
                {notLive(entry.hosts).map((h) => (
                  <p key={h.hostId} data-testid="containers-host-unknown">
                    {h.hostName}: {unknownSince(h.lastSeenAt)}, its containers as last seen
                    {h.error ? ` (${h.error})` : ''}.
                  </p>
                ))}
              </Alert>
            ) : null}
            {entry.error ? (
              <Alert tone="warn" title="The list may be out of date">
                The last refresh failed: {entry.error}
              </Alert>
            ) : null}
            <div className="toolbar" role="search" aria-label="Filter containers">
              <SearchField
                pageSearch
                label="Filter containers"
                placeholder="Filter by name, service, host, image…"
                value={query}
                onChange={setQuery}
              />
              <div className="filter-chips" role="group" aria-label="State">
                {chipStates.map((state) => (
                  <button
                    key={state}
                    type="button"
                    className={`filter-chip filter-chip--${stateTone[state]}`}
                    aria-pressed={states.has(state)}
                    onClick={() => toggleState(state)}
                  >
                    <span className="filter-chip__dot" />
                    {stateLabel[state]}
                    <span className="filter-chip__count">
                      {formatNumber(counts.get(state) ?? 0)}
                    </span>
                  </button>
                ))}
              </div>
              <p className="toolbar__count" aria-live="polite">
                {filtering
                  ? `${formatNumber(rows.length)} of ${plural(items.length, 'container')}`
                  : `${plural(items.length, 'container')} on ${plural(connected, 'host')}`}
              </p>
            </div>
            <div className="containers__split">
              <div className="containers__table">
                <VirtualTable
                  label="Containers"
                  rows={rows}
                  columns={columns}
                  rowKey={containerKey}
                  sort={sort}
                  onSortChange={onSortChange}
                  selectedKey={selectedKey}
                  resetKey={`${needle}\u0000${[...states].join(',')}`}
                  rowClassName={(c) => (c.state === 'dead' ? 'is-error' : undefined)}
                  empty={
                    items.length > 0 ? (
                      <EmptyState compact title="No containers match">
                        <p>Nothing matches this filter. Try fewer or other words, or all states.</p>
                      </EmptyState>
                    ) : connected === 0 ? (
                      <EmptyState
                        compact
                        icon={<ContainersIcon size={24} />}
                        title="No host is connected"
                      >
                        <p>
                          Containers are listed once Drover reaches {plural(hosts.length, 'host')}{' '}
                          of {name} over SSH.
                        </p>
                      </EmptyState>
                    ) : (
                      <EmptyState
                        compact
                        icon={<ContainersIcon size={24} />}
                        title={`No containers on ${name}’s hosts yet`}
                        actions={
                          <ButtonLink
                            href={hrefFor('stacks')}
                            size="sm"
                            icon={<ArrowRightIcon size={14} />}
                          >
                            Go to Stacks
                          </ButtonLink>
                        }
                      >
                        <p>Deploy a stack and its containers show up here as they start.</p>
                      </EmptyState>
                    )
                  }
                />
              </div>
              {session ? (
                <Dock height={dockHeight} onResize={setDockHeight}>
                  {session.kind === 'logs' ? (
                    <LogPanel
                      key={session.key}
                      target={session.target}
                      onClose={() => setSession(null)}
                    />
                  ) : (
                    <Suspense
                      fallback={
                        <div className="dock-panel dock-panel--loading">
                          <Spinner size={16} /> Loading the terminal…
                        </div>
                      }
                    >
                      <ShellPanel
                        key={`${session.key}/${session.nonce}`}
                        target={{
                          environmentId: environmentId ?? 0,
                          hostId: session.container.hostId,
                          containerId: session.container.id,
                          name: session.container.name,
                          hostName: session.container.hostName,
                        }}
                        onClose={() => setSession(null)}
                      />
                    </Suspense>
                  )}
                </Dock>
              ) : null}
            </div>
          </>
        )}
      </LoadState>
      {removing && environmentId ? (
        <RemoveContainerDialog
          environmentId={environmentId}
          container={removing}
          onClose={() => setRemoving(null)}
        />
      ) : null}
    </EnvironmentPage>
  );
}

/** The bottom dock with a drag handle (also arrow keys) to share the height with the table. */
function Dock({
  height,
  onResize,
  children,
}: {
  height: number;
  onResize(height: number): void;
  children: ReactNode;
}) {
  const dockRef = useRef<HTMLDivElement>(null);
  const clamp = (h: number) => {
    const parent = dockRef.current?.parentElement?.clientHeight ?? 800;
    return Math.round(Math.max(180, Math.min(h, parent - 140)));
  };
  const save = (h: number) => {
    try {
      localStorage.setItem(DOCK_KEY, String(h));
    } catch {
      // Only a preference.
    }
  };
  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const startY = event.clientY;
    const start = dockRef.current?.getBoundingClientRect().height ?? height;
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    let last = start;
    const move = (e: PointerEvent) => {
      last = clamp(start + startY - e.clientY);
      onResize(last);
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      save(last);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };
  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 80 : 24;
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      const next = clamp(height + (event.key === 'ArrowUp' ? step : -step));
      onResize(next);
      save(next);
    }
  };
  return (
    <div ref={dockRef} className="containers__dock" style={{ height }}>
      <div
        className="containers__resizer"
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize the panel"
        aria-valuenow={height}
        aria-valuemin={180}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      />
      {children}
    </div>
  );
}
