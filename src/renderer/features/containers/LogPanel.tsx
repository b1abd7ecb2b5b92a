// A log viewer for one container or a whole Swarm service (lines merged, each prefixed with its
// task in a colour of its own). Follows the end as lines arrive; scrolling up or pressing Pause
// freezes the view (new lines wait), Resume catches up. Search highlights matches and steps
// through them; lines can wrap; the text downloads as .txt. The stream closes with the panel.
//
// Usable from any page: <LogPanel target={{ kind: 'service', environmentId, service }} onClose />
import {
  memo,
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { Button } from '../../components/Button';
import {
  ArrowDownIcon,
  ChevronDownIcon,
  ChevronUpIcon,
  CloseIcon,
  DownloadIcon,
  EraseIcon,
  LogsIcon,
  PauseIcon,
  PlayIcon,
  ServiceLogsIcon,
  WrapIcon,
} from '../../components/Icons';
import { Spinner } from '../../components/Spinner';
import { StreamStatus, type StreamTone } from './StreamStatus';
import { formatNumber, plural } from '../../lib/format';
import { openLogs, useStream } from '../../lib/streams';
import { parseAnsi, stripAnsi, type Segment } from './ansi';
import { LogBuffer, MAX_LINES, type LogBlock, type LogLine } from './logBuffer';
import { SearchField } from '../../components/SearchField';
import { IconButton } from '../../components/IconButton';

export type LogTarget =
  | {
      kind: 'container';
      environmentId: number;
      hostId: number;
      containerId: string;
      /** Shown in the header and the download's file name. */
      name: string;
      hostName?: string;
    }
  | {
      kind: 'service';
      environmentId: number;
      /** The Swarm service name, <stack>_<service>. */
      service: string;
    };

const TAIL_CHOICES = [100, 200, 1000, 5000, 10000] as const;
const WRAP_KEY = 'drover.logs.wrap';

function initialWrap(): boolean {
  try {
    return localStorage.getItem(WRAP_KEY) !== 'false';
  } catch {
    return true;
  }
}

// --- Lines --------------------------------------------------------------------------------

const plainCache = new WeakMap<LogLine, string>();
function plainLower(line: LogLine): string {
  let text = plainCache.get(line);
  if (text === undefined) {
    text = stripAnsi(line.text).toLowerCase();
    plainCache.set(line, text);
  }
  return text;
}

const segmentCache = new WeakMap<LogLine, Segment[]>();
function segmentsOf(line: LogLine): Segment[] {
  let segments = segmentCache.get(line);
  if (segments === undefined) {
    segments = parseAnsi(line.text);
    segmentCache.set(line, segments);
  }
  return segments;
}

function highlight(text: string, needle: string, keyPrefix: string): ReactNode {
  if (!needle) return text;
  const lower = text.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  let at = lower.indexOf(needle);
  while (at >= 0) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(
      <mark key={`${keyPrefix}-${at}`} className="log__match">
        {text.slice(at, at + needle.length)}
      </mark>,
    );
    from = at + needle.length;
    at = lower.indexOf(needle, from);
  }
  if (parts.length === 0) return text;
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

const LineView = ({
  line,
  needle,
  current,
}: {
  line: LogLine;
  needle: string;
  current: boolean;
}) => {
  const segments = segmentsOf(line);
  return (
    <div
      className={`log__line${line.note ? ' log__line--note' : ''}${current ? ' is-current' : ''}`}
      data-seq={line.seq}
    >
      {line.source ? (
        <span className={`log__source log__source--${line.tone ?? 0}`}>{line.source}</span>
      ) : null}
      <span className="log__text">
        {segments.map((segment, i) =>
          segment.className ? (
            <span key={i} className={segment.className}>
              {highlight(segment.text, needle, String(i))}
            </span>
          ) : (
            <span key={i}>{highlight(segment.text, needle, String(i))}</span>
          ),
        )}
      </span>
    </div>
  );
};

const BlockView = memo(function BlockView({
  block,
  needle,
  currentSeq,
}: {
  block: LogBlock;
  needle: string;
  /** The current search match, when it is in this block. */
  currentSeq: number | null;
}) {
  return (
    <div className="log__block">
      {block.lines.map((line) => (
        <LineView key={line.seq} line={line} needle={needle} current={line.seq === currentSeq} />
      ))}
    </div>
  );
});

// --- Panel --------------------------------------------------------------------------------

export function LogPanel({ target, onClose }: { target: LogTarget; onClose(): void }) {
  const titleId = useId();
  const [tail, setTail] = useState<number>(200);
  const [timestamps, setTimestamps] = useState(false);
  const [wrap, setWrap] = useState(initialWrap);
  const [query, setQuery] = useState('');
  const [matchIndex, setMatchIndex] = useState(0);
  const buffer = useMemo(() => new LogBuffer(), []);
  useEffect(() => () => buffer.dispose(), [buffer]);
  const snapshot = useSyncExternalStore(buffer.subscribe, buffer.getSnapshot);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const userScroll = useRef(false);

  const targetKey =
    target.kind === 'container'
      ? `c/${target.environmentId}/${target.hostId}/${target.containerId}`
      : `s/${target.environmentId}/${target.service}`;
  const streamKey = `${targetKey}/${tail}/${timestamps}`;
  const opener = useMemo(
    () =>
      openLogs({
        environmentId: target.environmentId,
        ...(target.kind === 'container'
          ? { container: { hostId: target.hostId, id: target.containerId } }
          : { service: target.service }),
        follow: true,
        tail,
        timestamps,
      }),
    // The key says everything the stream depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [streamKey],
  );

  // A new stream starts a new text.
  useLayoutEffect(() => {
    buffer.reset();
    buffer.setPaused(false);
  }, [buffer, streamKey]);

  const stream = useStream(streamKey, opener, {
    onData: (data, source) => buffer.push(data, source),
    onEnd: () => buffer.end(),
  });

  // Follow: stay at the end while not paused.
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (scroller && !snapshot.paused) scroller.scrollTop = scroller.scrollHeight;
  }, [snapshot, wrap]);

  const pause = useCallback(() => buffer.setPaused(true), [buffer]);
  const resume = useCallback(() => {
    buffer.setPaused(false);
    const scroller = scrollerRef.current;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }, [buffer]);

  // Scrolling up (wheel, keys, the scrollbar) pauses, so what is being read stays put.
  const onScroll = () => {
    const scroller = scrollerRef.current;
    if (!scroller || snapshot.paused || !userScroll.current) return;
    const fromEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
    if (fromEnd > 24) pause();
  };
  const markUserScroll = () => {
    userScroll.current = true;
    window.setTimeout(() => (userScroll.current = false), 600);
  };

  // Search.
  const deferredQuery = useDeferredValue(query);
  const needle = deferredQuery.trim().toLowerCase();
  const matches = useMemo(() => {
    if (!needle) return [];
    const found: number[] = [];
    for (const block of snapshot.blocks) {
      for (const line of block.lines) {
        if (!line.note && plainLower(line).includes(needle)) found.push(line.seq);
      }
    }
    return found;
  }, [snapshot.blocks, needle]);
  const currentSeq = matches.length
    ? (matches[Math.min(matchIndex, matches.length - 1)] ?? null)
    : null;

  useEffect(() => setMatchIndex(Number.MAX_SAFE_INTEGER), [needle]);

  const goToMatch = (delta: number) => {
    if (matches.length === 0) return;
    pause();
    const from = Math.min(matchIndex, matches.length - 1);
    const next = (from + delta + matches.length) % matches.length;
    setMatchIndex(next);
    const seq = matches[next];
    requestAnimationFrame(() =>
      scrollerRef.current
        ?.querySelector(`[data-seq="${seq}"]`)
        ?.scrollIntoView({ block: 'center' }),
    );
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      goToMatch(event.shiftKey ? -1 : 1);
    }
  };

  const download = () => {
    const name = target.kind === 'container' ? target.name : target.service;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const blob = new Blob([buffer.text()], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp}.txt`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const toggleWrap = () => {
    setWrap((w) => {
      try {
        localStorage.setItem(WRAP_KEY, String(!w));
      } catch {
        // Only a preference.
      }
      return !w;
    });
  };

  const live = stream.status !== 'ended';
  const statusLabel =
    stream.status === 'opening'
      ? 'Connecting…'
      : stream.status === 'ended'
        ? stream.error
          ? 'Failed'
          : 'Ended'
        : snapshot.paused
          ? 'Paused'
          : 'Following';
  const statusTone: StreamTone =
    stream.status === 'ended'
      ? stream.error
        ? 'error'
        : 'neutral'
      : snapshot.paused
        ? 'warn'
        : stream.status === 'open'
          ? 'ok'
          : 'neutral';

  const name = target.kind === 'container' ? target.name : target.service;
  const empty = snapshot.lineCount === 0 && snapshot.held === 0;

  return (
    <section className="dock-panel log" aria-labelledby={titleId}>
      <header className="dock-panel__header">
        <div className="dock-panel__title-row">
          <span className="dock-panel__icon">
            {target.kind === 'service' ? <ServiceLogsIcon size={16} /> : <LogsIcon size={16} />}
          </span>
          <h2 id={titleId} className="dock-panel__title">
            <span className="dock-panel__kind">
              {target.kind === 'service' ? 'Service logs' : 'Logs'}
            </span>
            <span className="dock-panel__name mono" title={name}>
              {name}
            </span>
          </h2>
          {target.kind === 'container' && target.hostName ? (
            <span className="dock-panel__meta">on {target.hostName}</span>
          ) : null}
          <StreamStatus
            opening={stream.status === 'opening'}
            tone={statusTone}
            label={statusLabel}
          />
        </div>
        <IconButton
          label={`Close ${target.kind === 'service' ? 'service logs' : 'logs'}`}
          title="Close"
          onClick={onClose}
          icon={<CloseIcon size={16} />}
        />
      </header>

      <div className="log__toolbar" role="toolbar" aria-label="Log controls">
        <Button
          size="sm"
          variant="ghost"
          className="toggle-button"
          icon={snapshot.paused ? <PlayIcon size={14} /> : <PauseIcon size={14} />}
          onClick={snapshot.paused ? resume : pause}
          disabled={!live && !snapshot.paused}
        >
          {snapshot.paused ? 'Resume' : 'Pause'}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          className="toggle-button"
          aria-pressed={wrap}
          icon={<WrapIcon size={14} />}
          onClick={toggleWrap}
        >
          Wrap
        </Button>
        <Button
          size="sm"
          variant="ghost"
          className="toggle-button"
          aria-pressed={timestamps}
          onClick={() => setTimestamps((t) => !t)}
        >
          Timestamps
        </Button>
        <label className="log__tail">
          <span>Last</span>
          <select
            className="input input--sm"
            value={tail}
            onChange={(e) => setTail(Number(e.target.value))}
            aria-label="Lines to load first"
          >
            {TAIL_CHOICES.map((n) => (
              <option key={n} value={n}>
                {formatNumber(n)} lines
              </option>
            ))}
          </select>
        </label>
        <SearchField
          className="log__search"
          label="Search the log"
          placeholder="Search the log"
          value={query}
          onChange={setQuery}
          onKeyDown={onSearchKey}
          small
        />
        {needle ? (
          <span className="log__matches" aria-live="polite">
            {matches.length
              ? `${formatNumber(Math.min(matchIndex, matches.length - 1) + 1)} of ${formatNumber(matches.length)}`
              : 'No matches'}
          </span>
        ) : null}
        {needle ? (
          <>
            <IconButton
              label="Previous match"
              title="Previous match (Shift+Enter)"
              disabled={matches.length === 0}
              onClick={() => goToMatch(-1)}
              size="sm"
              icon={<ChevronUpIcon size={14} />}
            />
            <IconButton
              label="Next match"
              title="Next match (Enter)"
              disabled={matches.length === 0}
              onClick={() => goToMatch(1)}
              size="sm"
              icon={<ChevronDownIcon size={14} />}
            />
          </>
        ) : null}
        <span className="log__toolbar-end">
          <IconButton
            label="Clear the log"
            title="Clear"
            onClick={() => buffer.clear()}
            disabled={empty}
            icon={<EraseIcon size={16} />}
          />
          <IconButton
            label="Download as .txt"
            title="Download as .txt"
            onClick={download}
            disabled={snapshot.lineCount === 0}
            icon={<DownloadIcon size={16} />}
          />
        </span>
      </div>

      <div className="log__body">
        <div
          ref={scrollerRef}
          className={`log__scroller${wrap ? ' is-wrapped' : ''}`}
          role="log"
          aria-live="off"
          aria-label={`Log output of ${name}`}
          tabIndex={0}
          onScroll={onScroll}
          onWheel={(e) => {
            if (e.deltaY < 0) {
              markUserScroll();
              if (!snapshot.paused) pause();
            }
          }}
          onPointerDown={(e) => {
            if (e.target === e.currentTarget) markUserScroll();
          }}
          onKeyDown={(e) => {
            if (['ArrowUp', 'PageUp', 'Home'].includes(e.key)) markUserScroll();
          }}
        >
          {snapshot.dropped > 0 ? (
            <div className="log__dropped">
              Showing the newest {formatNumber(MAX_LINES)} lines;{' '}
              {plural(snapshot.dropped, 'older line was', 'older lines were')} let go. Download
              keeps what is shown.
            </div>
          ) : null}
          {snapshot.blocks.map((block) => {
            const first = block.lines[0]?.seq ?? 0;
            const last = block.lines[block.lines.length - 1]?.seq ?? 0;
            return (
              <BlockView
                key={block.id}
                block={block}
                needle={needle}
                currentSeq={
                  currentSeq !== null && currentSeq >= first && currentSeq <= last
                    ? currentSeq
                    : null
                }
              />
            );
          })}
          {empty ? (
            <div className="log__empty">
              {stream.status === 'opening' ? (
                <>
                  <Spinner size={14} /> Opening the log stream…
                </>
              ) : stream.status === 'open' ? (
                'No output yet — new lines appear here as they are written.'
              ) : null}
            </div>
          ) : null}
        </div>
        {snapshot.paused ? (
          <button type="button" className="log__resume" onClick={resume}>
            <ArrowDownIcon size={14} />
            {snapshot.held > 0
              ? `Paused · ${plural(snapshot.held, 'new line')} — resume`
              : 'Paused — resume following'}
          </button>
        ) : null}
        {stream.status === 'ended' ? (
          <div className="log__ended">
            <span>
              {stream.error ? `The log stream failed: ${stream.error}` : 'The log stream ended.'}
            </span>
            <Button
              size="sm"
              onClick={() => {
                buffer.reset();
                stream.reopen();
              }}
            >
              Reopen
            </Button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
