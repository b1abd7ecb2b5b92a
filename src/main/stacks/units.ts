// The value syntaxes docker's compose loader accepts, parsed the same way: Go durations
// ("1m30s"), RAM sizes in 1024 units ("512M"), CPU counts ("0.5"), and shell-like word
// splitting for string commands (google/shlex).

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's time.ParseDuration, in nanoseconds. */
export function parseDuration(text: string): number {
  const input = text.trim();
  if (input === '0') return 0;
  const match = /^([+-])?((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(input);
  if (!match) throw new Error(`invalid duration "${text}"`);
  let total = 0;
  for (const part of input.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (DURATION_UNITS[part[2] as string] as number);
  }
  return Math.round(match[1] === '-' ? -total : total);
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/** go-units RAMInBytes: "512m", "1.5GB", "2gib", 1024-based, case-insensitive. */
export function parseSize(value: string | number): number {
  if (typeof value === 'number') return Math.trunc(value);
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgtpb])?(i?b)?\s*$/i.exec(value);
  if (!match) throw new Error(`invalid size: '${value}'`);
  const unit = SIZE_UNITS[(match[2] ?? 'b').toLowerCase()] as number;
  return Math.trunc(Number(match[1]) * unit);
}

/** docker's opts.ParseCPUs: "1.5" → 1.5e9 nano CPUs, refusing finer than a nano CPU. */
export function parseCpus(value: string | number): number {
  const text = String(value).trim();
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`failed to parse ${text} as a rational number`);
  const [whole = '0', fraction = ''] = text.split('.');
  if (fraction.replace(/0+$/, '').length > 9) throw new Error('value is too precise');
  return Number(whole) * 1e9 + Number((fraction + '000000000').slice(0, 9));
}

/** google/shlex Split: whitespace-separated words, quotes, backslash escapes, # comments. */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  const push = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      push();
      i++;
    } else if (c === '#' && word === null) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new Error('EOF found after escape character');
      word = (word ?? '') + text[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error('EOF found when expecting closing quote');
      word = (word ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let chunk = '';
      for (;;) {
        if (j >= text.length) throw new Error('EOF found when expecting closing quote');
        const d = text[j] as string;
        if (d === '"') break;
        if (d === '\\' && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1] as string)) {
          chunk += text[j + 1];
          j += 2;
        } else {
          chunk += d;
          j++;
        }
      }
      word = (word ?? '') + chunk;
      i = j + 1;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  push();
  return words;
}

/** Nanoseconds back to compose's duration syntax ("1m30s"), for export. */
export function formatDuration(nanos: number): string {
  if (nanos === 0) return '0s';
  const parts: string[] = [];
  let rest = nanos;
  for (const [unit, size] of [
    ['h', 3600e9],
    ['m', 60e9],
    ['s', 1e9],
    ['ms', 1e6],
    ['us', 1e3],
    ['ns', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join('');
}
