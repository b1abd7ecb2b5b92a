// An exec shell into a container (xterm.js) over the host's SSH connection. Keys go to
// exec.input (in order, coalesced while a send is in flight), output comes as stream.data, the
// terminal's size follows the panel (exec.resize, debounced). Esc belongs to the shell: the panel
// closes only with its Close button or Ctrl+Shift+W. Colours follow the app's light/dark tokens.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useId, useRef } from 'react';
import { Button } from '../../components/Button';
import { CloseIcon, TerminalIcon } from '../../components/Icons';
import { StreamStatus, type StreamTone } from './StreamStatus';
import { errorMessage } from '../../lib/errors';
import { openExec, resizeExec, sendExecInput, useStream } from '../../lib/streams';
import { IconButton } from '../../components/IconButton';

export interface ShellTarget {
  environmentId: number;
  hostId: number;
  containerId: string;
  name: string;
  hostName?: string;
}

const LIGHT_ANSI = [
  '#1a1f26',
  '#c4302b',
  '#1d7f46',
  '#9a6700',
  '#2c66d6',
  '#a23fb5',
  '#0f7f8f',
  '#8a929c',
  '#57606c',
  '#e0453f',
  '#22994f',
  '#b87300',
  '#4a80ea',
  '#bf5fd1',
  '#1597a8',
  '#b8bfc7',
];
const DARK_ANSI = [
  '#2a3038',
  '#f07575',
  '#4cc38a',
  '#e8ac3f',
  '#6f9af2',
  '#c98ef0',
  '#5cc8d6',
  '#c9d0d8',
  '#6f7985',
  '#f69a9a',
  '#72d4a4',
  '#f0c26e',
  '#93b4f7',
  '#dbb0f5',
  '#86dbe6',
  '#f5f7fa',
];
const ANSI_NAMES = [
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'brightBlack',
  'brightRed',
  'brightGreen',
  'brightYellow',
  'brightBlue',
  'brightMagenta',
  'brightCyan',
  'brightWhite',
] as const;

/** Resolves colour tokens (light-dark() pairs) to the values on screen now. */
function resolveColor(host: HTMLElement, token: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${token})`;
  probe.style.display = 'none';
  host.append(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  return value;
}

function isDark(rgb: string): boolean {
  const [r = 255, g = 255, b = 255] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}

function terminalTheme(host: HTMLElement): ITheme {
  const background = resolveColor(host, '--terminal-bg');
  const dark = isDark(background);
  const theme: ITheme = {
    background,
    foreground: resolveColor(host, '--color-text'),
    cursor: resolveColor(host, '--color-accent'),
    cursorAccent: background,
    selectionBackground: dark ? 'rgba(111, 154, 242, 0.35)' : 'rgba(44, 102, 214, 0.22)',
  };
  const palette = dark ? DARK_ANSI : LIGHT_ANSI;
  ANSI_NAMES.forEach((name, i) => {
    theme[name] = palette[i];
  });
  return theme;
}

export function ShellPanel({ target, onClose }: { target: ShellTarget; onClose(): void }) {
  const titleId = useId();
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const pending = useRef('');
  const sending = useRef(false);
  const streamRef = useRef<ReturnType<typeof useStream> | null>(null);
  const sessionKey = `${target.environmentId}/${target.hostId}/${target.containerId}`;

  // The terminal lives as long as the panel; sessions (streams) come and go inside it.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const term = new Terminal({
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono'),
      fontSize: 13,
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 5000,
      theme: terminalTheme(host),
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host);
    fit.fit();
    termRef.current = term;
    term.attachCustomKeyEventHandler((event) => {
      if (
        event.type === 'keydown' &&
        event.ctrlKey &&
        event.shiftKey &&
        event.key.toLowerCase() === 'w'
      ) {
        event.preventDefault();
        onCloseRef.current();
        return false;
      }
      return true;
    });

    const pump = async (): Promise<void> => {
      sending.current = true;
      while (pending.current) {
        const streamId = streamRef.current?.handle?.streamId;
        if (!streamId || streamRef.current?.status !== 'open') break;
        // exec.input takes at most 64 KiB at a time (a big paste goes in pieces).
        const chunk = pending.current.slice(0, 16_384);
        pending.current = pending.current.slice(chunk.length);
        try {
          await sendExecInput(streamId, chunk);
        } catch (error) {
          term.write(`\r\n\x1b[31m${errorMessage(error)}\x1b[0m\r\n`);
          pending.current = '';
        }
      }
      sending.current = false;
    };
    const typed = term.onData((data) => {
      if (streamRef.current?.status !== 'open') return;
      pending.current += data;
      if (!sending.current) void pump();
    });

    let resizeTimer = 0;
    const resized = term.onResize(({ cols, rows }) => {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(() => {
        const streamId = streamRef.current?.handle?.streamId;
        if (streamId && streamRef.current?.status === 'open') {
          void resizeExec(streamId, cols, rows).catch(() => undefined);
        }
      }, 150);
    });
    let fitFrame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(fitFrame);
      fitFrame = requestAnimationFrame(() => {
        if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
      });
    });
    observer.observe(host);

    // Follow the app's theme (the setting, or the OS when it is "system").
    const retheme = () => {
      term.options.theme = terminalTheme(host);
    };
    const themeObserver = new MutationObserver(retheme);
    themeObserver.observe(document.documentElement, { attributeFilter: ['data-theme'] });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', retheme);

    term.focus();
    return () => {
      window.clearTimeout(resizeTimer);
      cancelAnimationFrame(fitFrame);
      observer.disconnect();
      themeObserver.disconnect();
      media.removeEventListener('change', retheme);
      typed.dispose();
      resized.dispose();
      termRef.current = null;
      term.dispose();
    };
  }, []);

  const stream = useStream(
    sessionKey,
    () => {
      const term = termRef.current;
      return openExec({
        environmentId: target.environmentId,
        hostId: target.hostId,
        containerId: target.containerId,
        cols: term?.cols ?? 80,
        rows: term?.rows ?? 24,
      })();
    },
    {
      onOpen: () => termRef.current?.focus(),
      onData: (data) => termRef.current?.write(data),
      onEnd: (error) => {
        termRef.current?.write(
          error
            ? `\r\n\x1b[31m[session failed: ${error}]\x1b[0m\r\n`
            : '\r\n\x1b[2m[session ended]\x1b[0m\r\n',
        );
      },
    },
  );
  streamRef.current = stream;

  const restart = () => {
    const term = termRef.current;
    term?.reset();
    pending.current = '';
    stream.reopen();
    term?.focus();
  };

  const statusLabel =
    stream.status === 'opening'
      ? 'Connecting…'
      : stream.status === 'open'
        ? 'Connected'
        : stream.error
          ? 'Failed'
          : 'Session ended';
  const statusTone: StreamTone =
    stream.status === 'open'
      ? 'ok'
      : stream.status === 'ended' && stream.error
        ? 'error'
        : 'neutral';

  return (
    <section
      className="dock-panel shell"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'w') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <header className="dock-panel__header">
        <div className="dock-panel__title-row">
          <span className="dock-panel__icon">
            <TerminalIcon size={16} />
          </span>
          <h2 id={titleId} className="dock-panel__title">
            <span className="dock-panel__kind">Shell</span>
            <span className="dock-panel__name mono" title={target.name}>
              {target.name}
            </span>
          </h2>
          {target.hostName ? <span className="dock-panel__meta">on {target.hostName}</span> : null}
          <StreamStatus
            opening={stream.status === 'opening'}
            tone={statusTone}
            label={statusLabel}
          />
        </div>
        <div className="dock-panel__actions">
          <span className="dock-panel__hint">
            <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>W</kbd> closes
          </span>
          <IconButton
            label="Close shell"
            title="Close shell (Ctrl+Shift+W)"
            onClick={onClose}
            icon={<CloseIcon size={16} />}
          />
        </div>
      </header>
      <div className="shell__body">
        <div
          ref={hostRef}
          className="shell__terminal"
          role="group"
          aria-label={`Terminal of ${target.name}`}
        />
        {stream.status === 'ended' ? (
          <div className="shell__ended" role="alert">
            <span>
              {stream.error
                ? `The shell session failed: ${stream.error}`
                : 'The shell session ended.'}
            </span>
            <Button size="sm" variant="primary" onClick={restart}>
              Start a new session
            </Button>
            <Button size="sm" onClick={onClose}>
              Close
            </Button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
