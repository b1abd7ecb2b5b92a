// bench/results.json (every benchmark's latest figures, with the machine, date and commit) and
// docs/BENCHMARKS.md, the readable table generated from it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const resultsFile = path.join(root, 'bench', 'results.json');
const docFile = path.join(root, 'docs', 'BENCHMARKS.md');

export const ORDER = [
  'ssh',
  'metrics',
  'ui',
  'start',
  'containers',
  'scale',
  'deploy',
  'labmem',
  'soak',
];

function machine() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

function commit() {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    // The results files themselves do not count as changes to the code measured.
    const pathspec = ['--', '.', ':!bench/results.json', ':!docs/BENCHMARKS.md'];
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', '--untracked-files=no', ...pathspec],
      {
        cwd: root,
        encoding: 'utf8',
      },
    ).trim();
    return dirty ? `${rev}+changes` : rev;
  } catch {
    return 'unknown';
  }
}

export function readResults() {
  try {
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    return { benchmarks: {} };
  }
}

/** Replaces one benchmark's entry and regenerates the table. */
export function recordResults(name, entry) {
  const results = readResults();
  const date = new Date().toISOString();
  results.machine = machine();
  results.date = date;
  results.commit = commit();
  results.benchmarks = {
    ...results.benchmarks,
    [name]: { ...entry, date, commit: results.commit },
  };
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(docFile, renderMarkdown(results));
}

const cell = (v) => (v === null || v === undefined ? '' : String(v));

export function renderMarkdown(results) {
  const m = results.machine;
  const lines = [
    '# Benchmarks',
    '',
    'Generated from `bench/results.json` by `npm run bench` (or one `npm run bench:NAME`); do not',
    'edit by hand. Each figure is measured against a baseline in the same run; ratio = value ÷',
    'baseline, so for times and costs under 1 means Drover is cheaper. min/med/max give the noise.',
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.kernel}, Node ${m.node}. ` +
      `Last run ${results.date}, commit ${results.commit}.`,
    '',
    '**The machine was shared**: other engineers ran test suites on lab hosts 0..14 on the same',
    '2 cores during these runs (load average before -> after each benchmark below). Absolute',
    'times are noisy; ratios against a baseline measured pair by pair are the figures to trust.',
    '',
  ];
  const names = [...ORDER, ...Object.keys(results.benchmarks).filter((n) => !ORDER.includes(n))];
  for (const name of names) {
    const b = results.benchmarks[name];
    if (!b) continue;
    lines.push(`## bench:${name}`, '');
    const load = b.loadAverage
      ? `, load ${b.loadAverage.before[0]} -> ${b.loadAverage.after[0]}`
      : '';
    lines.push(
      `${b.status}${b.reason ? `: ${b.reason}` : ''}${b.quick ? ' (--quick)' : ''}, ` +
        `${b.hosts ?? 0} lab hosts, ${b.seconds} s${load}, ${b.date}, commit ${b.commit}.`,
      '',
    );
    if (b.figures.length) {
      lines.push('| figure | value | baseline | ratio | min/med/max (value; baseline), n |');
      lines.push('|---|---|---|---|---|');
      for (const f of b.figures) {
        const base =
          f.baseline === null || f.baseline === undefined
            ? ''
            : `${f.baseline} ${f.unit} (${f.baselineName})`;
        const spread = f.spread
          ? `${f.spread.value.join(' / ')}${f.spread.baseline ? `; ${f.spread.baseline.join(' / ')}` : ''}, n=${f.spread.n}`
          : '';
        lines.push(
          `| ${f.name}${f.note ? ` (${f.note})` : ''} | ${cell(f.value)} ${f.unit} | ${base} | ${cell(f.ratio)} | ${spread} |`,
        );
      }
      lines.push('');
    }
    for (const note of b.notes ?? []) lines.push(`- ${note}`);
    if (b.notes?.length) lines.push('');
  }
  return `${lines.join('\n')}`;
}
