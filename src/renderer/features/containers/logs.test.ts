import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseAnsi, stripAnsi } from './ansi';
import { imageName, nameParts, sortContainers, statusText } from './containerView';
import { LogBuffer, MAX_LINES } from './logBuffer';
import type { ContainerSummary } from '../../../shared/types';

describe('ansi', () => {
  it('turns SGR colours into classes and drops other escapes', () => {
    expect(parseAnsi('\x1b[32mok\x1b[0m done\x1b[2K')).toEqual([
      { text: 'ok', className: 'ansi-fg-2' },
      { text: ' done', className: '' },
    ]);
    expect(parseAnsi('\x1b[1;91mERR\x1b[22m x')).toEqual([
      { text: 'ERR', className: 'ansi-fg-9 ansi-bold' },
      { text: ' x', className: 'ansi-fg-9' },
    ]);
    expect(parseAnsi('\x1b[38;5;4mblue\x1b[38;2;1;2;3m rgb')).toEqual([
      { text: 'blue', className: 'ansi-fg-4' },
      { text: ' rgb', className: '' },
    ]);
    expect(stripAnsi('\x1b]0;title\x07a\x1b[31mb\x1b[0m\tc')).toBe('ab\tc');
  });
});

describe('LogBuffer', () => {
  let frames: (() => void)[] = [];
  const flush = () => {
    const pending = frames;
    frames = [];
    pending.forEach((f) => f());
  };
  beforeEach(() => {
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('joins partial lines per source and commits once per frame', () => {
    const buffer = new LogBuffer();
    let renders = 0;
    buffer.subscribe(() => (renders += 1));
    buffer.push('a1\na', 'a');
    buffer.push('b1\n', 'b');
    buffer.push('2\r\n', 'a');
    expect(buffer.getSnapshot().lineCount).toBe(0);
    flush();
    expect(renders).toBe(1);
    const lines = buffer.getSnapshot().blocks.flatMap((b) => b.lines);
    expect(lines.map((l) => [l.source, l.text, l.tone])).toEqual([
      ['a', 'a1', 0],
      ['b', 'b1', 1],
      ['a', 'a2', 0],
    ]);
    expect(buffer.text()).toBe('a | a1\nb | b1\na | a2\n');
  });

  it('keeps the newest lines under the cap and holds lines while paused', () => {
    const buffer = new LogBuffer();
    buffer.push(Array.from({ length: MAX_LINES + 250 }, (_, i) => `l${i}`).join('\n') + '\n');
    flush();
    let snap = buffer.getSnapshot();
    expect(snap.lineCount).toBeLessThanOrEqual(MAX_LINES);
    expect(snap.dropped + snap.lineCount).toBe(MAX_LINES + 250);
    expect(snap.blocks.at(-1)?.lines.at(-1)?.text).toBe(`l${MAX_LINES + 249}`);

    buffer.setPaused(true);
    const before = buffer.getSnapshot().blocks;
    buffer.push('new\n');
    flush();
    snap = buffer.getSnapshot();
    expect(snap.held).toBe(1);
    expect(snap.blocks).toEqual(before);
    buffer.setPaused(false);
    expect(buffer.getSnapshot().blocks.at(-1)?.lines.at(-1)?.text).toBe('new');
  });
});

describe('container view', () => {
  const c = (over: Partial<ContainerSummary>): ContainerSummary => ({
    id: 'abc',
    name: 'web_nginx.10.xyz',
    hostId: 1,
    hostName: 'h1',
    stack: 'web',
    service: 'web_nginx',
    taskSlot: 10,
    state: 'running',
    status: 'Up 3 minutes (healthy)',
    image: '10.77.0.2:5000/nginx:lab@sha256:00',
    createdAt: '2026-01-01T00:00:00Z',
    startedAt: '2026-01-01T00:00:00Z',
    ...over,
  });

  it('shortens images and task names, and keeps only what does not go stale', () => {
    expect(imageName('10.77.0.2:5000/nginx:lab@sha256:00')).toBe('nginx:lab');
    expect(imageName('library/nginx:1')).toBe('library/nginx:1');
    expect(nameParts(c({}))).toEqual({ head: 'web_nginx.10', tail: '.xyz' });
    expect(statusText(c({}))).toBe('Up · healthy');
    expect(statusText(c({ state: 'exited', status: 'Exited (0) 1 hour ago' }))).toBe(
      'Exited (0) 1 hour ago',
    );
  });

  it('sorts names numerically and by host, both ways', () => {
    const rows = [
      c({ id: '1', name: 'web_nginx.10.a', hostName: 'b' }),
      c({ id: '2', name: 'web_nginx.2.a', hostName: 'a' }),
    ];
    expect(
      sortContainers(rows, { column: 'name', direction: 'ascending' }).map((r) => r.id),
    ).toEqual(['2', '1']);
    expect(
      sortContainers(rows, { column: 'host', direction: 'descending' }).map((r) => r.hostName),
    ).toEqual(['b', 'a']);
  });
});
