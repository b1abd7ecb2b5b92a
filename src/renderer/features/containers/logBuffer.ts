// The lines of a log panel, outside React: chunks from the stream are split into lines (a
// partial last line waits for the rest, per source), queued, and committed at most once per
// animation frame. Lines live in blocks of BLOCK_SIZE; a full block never changes again, so the
// view re-renders only the last one. The buffer keeps the newest MAX_LINES lines, dropping whole
// blocks from the front. While paused, new lines are held (up to the same cap) and the view
// stays still; resume() commits them.
import { stripAnsi } from './ansi';

export interface LogLine {
  seq: number;
  /** The line as received, escapes included. */
  text: string;
  /** The task it came from, in merged service logs. */
  source: string | undefined;
  /** The source's colour (0–7), given in order of appearance so neighbours differ. */
  tone?: number;
  /** Said by the panel itself (e.g. "stream ended"), not by the container. */
  note?: boolean;
}

export interface LogBlock {
  id: number;
  lines: readonly LogLine[];
}

export interface LogSnapshot {
  blocks: readonly LogBlock[];
  lineCount: number;
  /** Lines dropped from the front to stay under the cap (since the last clear). */
  dropped: number;
  paused: boolean;
  /** Lines that arrived while paused, waiting for resume(). */
  held: number;
}

export const BLOCK_SIZE = 100;
export const MAX_LINES = 10_000;
const MAX_BLOCKS = MAX_LINES / BLOCK_SIZE;
/** A line longer than this is cut (a runaway line must not freeze the page). */
const MAX_LINE_LENGTH = 16_384;

export class LogBuffer {
  private blocks: LogBlock[] = [];
  private queue: LogLine[] = [];
  private heldLines: LogLine[] = [];
  private partial = new Map<string, string>();
  private tones = new Map<string, number>();
  private seq = 0;
  private blockSeq = 0;
  private dropped = 0;
  private paused = false;
  private frame = 0;
  private snapshot: LogSnapshot = { blocks: [], lineCount: 0, dropped: 0, paused: false, held: 0 };
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LogSnapshot => this.snapshot;

  /** A chunk of stream output: complete lines are queued, the rest waits for more. */
  push(data: string, source?: string): void {
    const key = source ?? '';
    const text = (this.partial.get(key) ?? '') + data;
    const parts = text.split('\n');
    const rest = parts.pop() ?? '';
    if (rest.length > MAX_LINE_LENGTH) {
      parts.push(rest);
      this.partial.delete(key);
    } else if (rest) {
      this.partial.set(key, rest);
    } else {
      this.partial.delete(key);
    }
    for (const part of parts) this.queueLine(part, source);
    this.schedule();
  }

  /** The stream ended: whatever partial lines remain are lines. */
  end(): void {
    for (const [key, text] of this.partial) this.queueLine(text, key || undefined);
    this.partial.clear();
    this.schedule();
  }

  /** A line of the panel's own (e.g. "stream ended"), not from the container. */
  note(text: string): void {
    this.queue.push({ seq: ++this.seq, text, source: undefined, note: true });
    this.schedule();
  }

  clear(): void {
    this.blocks = [];
    this.queue = [];
    this.heldLines = [];
    this.dropped = 0;
    this.publish();
  }

  /** Clears everything, including partial lines (a new stream). */
  reset(): void {
    this.partial.clear();
    this.clear();
  }

  setPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    if (!paused) {
      this.commit(this.heldLines);
      this.heldLines = [];
    }
    this.publish();
  }

  /** Every line, escapes removed, for download. */
  text(): string {
    const out: string[] = [];
    for (const block of this.blocks) {
      for (const line of block.lines) {
        if (line.note) continue;
        const clean = stripAnsi(line.text);
        out.push(line.source ? `${line.source} | ${clean}` : clean);
      }
    }
    return out.join('\n') + (out.length ? '\n' : '');
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.listeners.clear();
  }

  private queueLine(raw: string, source: string | undefined): void {
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // A progress bar redraws with \r: keep what was drawn last.
    const cr = text.lastIndexOf('\r');
    if (cr >= 0) text = text.slice(cr + 1);
    if (text.length > MAX_LINE_LENGTH) text = `${text.slice(0, MAX_LINE_LENGTH)} …`;
    let tone: number | undefined;
    if (source !== undefined) {
      tone = this.tones.get(source);
      if (tone === undefined) {
        tone = this.tones.size % 8;
        this.tones.set(source, tone);
      }
    }
    this.queue.push({ seq: ++this.seq, text, source, tone });
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.flush();
    });
  }

  private flush(): void {
    const lines = this.queue;
    this.queue = [];
    if (lines.length === 0) return;
    if (this.paused) {
      this.heldLines.push(...lines);
      if (this.heldLines.length > MAX_LINES) {
        const extra = this.heldLines.length - MAX_LINES;
        this.heldLines.splice(0, extra);
        this.dropped += extra;
      }
    } else {
      this.commit(lines);
    }
    this.publish();
  }

  private commit(lines: LogLine[]): void {
    let start = 0;
    // A flood: only the newest MAX_LINES can survive anyway.
    if (lines.length > MAX_LINES) {
      start = lines.length - MAX_LINES;
      this.dropped += start;
    }
    while (start < lines.length) {
      const last = this.blocks[this.blocks.length - 1];
      if (last && last.lines.length < BLOCK_SIZE) {
        const take = lines.slice(start, start + BLOCK_SIZE - last.lines.length);
        this.blocks[this.blocks.length - 1] = { id: last.id, lines: [...last.lines, ...take] };
        start += take.length;
      } else {
        const take = lines.slice(start, start + BLOCK_SIZE);
        this.blocks.push({ id: ++this.blockSeq, lines: take });
        start += take.length;
      }
    }
    while (this.blocks.length > MAX_BLOCKS) {
      const gone = this.blocks.shift();
      this.dropped += gone?.lines.length ?? 0;
    }
  }

  private publish(): void {
    let lineCount = 0;
    for (const block of this.blocks) lineCount += block.lines.length;
    this.snapshot = {
      blocks: [...this.blocks],
      lineCount,
      dropped: this.dropped,
      paused: this.paused,
      held: this.heldLines.length,
    };
    for (const listener of this.listeners) listener();
  }
}
