// ANSI escape codes in log lines: SGR colours (the 16 named ones, and 256-colour codes that map
// onto them) and bold/dim/italic/underline become CSS classes; every other escape is dropped.

export interface Segment {
  text: string;
  /** Space-separated classes (ansi-fg-1, ansi-bold, ...), '' for plain text. */
  className: string;
}

// CSI … final byte, OSC … BEL/ST, and lone two-character escapes.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ESCAPE = /\x1b(?:\[([0-9;:?]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex -- idem
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

export function hasEscapes(text: string): boolean {
  return text.includes('\x1b');
}

/** The text without escapes or control characters (for search, download, copy). */
export function stripAnsi(text: string): string {
  return (hasEscapes(text) ? text.replace(ESCAPE, '') : text).replace(CONTROL, '');
}

interface Style {
  fg: number | null;
  bg: number | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
}

const plain = (): Style => ({
  fg: null,
  bg: null,
  bold: false,
  dim: false,
  italic: false,
  underline: false,
});

function classOf(style: Style): string {
  const classes: string[] = [];
  if (style.fg !== null) classes.push(`ansi-fg-${style.fg}`);
  if (style.bg !== null) classes.push(`ansi-bg-${style.bg}`);
  if (style.bold) classes.push('ansi-bold');
  if (style.dim) classes.push('ansi-dim');
  if (style.italic) classes.push('ansi-italic');
  if (style.underline) classes.push('ansi-underline');
  return classes.join(' ');
}

function applySgr(style: Style, params: string): void {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < codes.length; i += 1) {
    const code = codes[i] ?? 0;
    if (code === 0) Object.assign(style, plain());
    else if (code === 1) style.bold = true;
    else if (code === 2) style.dim = true;
    else if (code === 3) style.italic = true;
    else if (code === 4) style.underline = true;
    else if (code === 22) style.bold = style.dim = false;
    else if (code === 23) style.italic = false;
    else if (code === 24) style.underline = false;
    else if (code >= 30 && code <= 37) style.fg = code - 30;
    else if (code >= 90 && code <= 97) style.fg = code - 90 + 8;
    else if (code === 39) style.fg = null;
    else if (code >= 40 && code <= 47) style.bg = code - 40;
    else if (code >= 100 && code <= 107) style.bg = code - 100 + 8;
    else if (code === 49) style.bg = null;
    else if (code === 38 || code === 48) {
      // 38;5;n (256 colours: the first 16 are the named ones) or 38;2;r;g;b (shown as default).
      const mode = codes[i + 1];
      const target = code === 38 ? 'fg' : 'bg';
      if (mode === 5) {
        const n = codes[i + 2] ?? 0;
        style[target] = n < 16 ? n : null;
        i += 2;
      } else if (mode === 2) {
        style[target] = null;
        i += 4;
      }
    }
  }
}

/** Splits a line into styled segments; plain lines come back as one segment. */
export function parseAnsi(text: string): Segment[] {
  if (!hasEscapes(text)) return [{ text: text.replace(CONTROL, ''), className: '' }];
  const segments: Segment[] = [];
  const style = plain();
  let last = 0;
  const push = (chunk: string) => {
    const clean = chunk.replace(CONTROL, '');
    if (clean) segments.push({ text: clean, className: classOf(style) });
  };
  for (const match of text.matchAll(ESCAPE)) {
    push(text.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] === 'm') applySgr(style, match[1] ?? '');
  }
  push(text.slice(last));
  return segments;
}
