// `npm run bench`: every benchmark in turn, each in its own process (a failure or skip does not
// stop the others), then the summary from bench/results.json. Arguments (e.g. --quick) are
// passed on. labmem runs first, while the benchmark hosts are idle.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { readResults } from './results.mjs';
import { root } from './setup.mjs';

const node = (script) => [process.execPath, [path.join(root, 'bench', script)]];
const viteNode = (script) => [
  path.join(root, 'node_modules', '.bin', 'vite-node'),
  [path.join(root, 'bench', script)],
];
const RUNS = [
  { names: ['labmem'], command: node('labmem.mjs') },
  { names: ['ssh'], command: node('ssh.mjs') },
  { names: ['metrics'], command: node('metrics.mjs') },
  { names: ['ui'], command: viteNode('ui.mjs') },
  { names: ['start', 'containers', 'scale', 'deploy'], command: node('swarm.mjs') },
];

const args = process.argv.slice(2);
const started = Date.now();
let failed = 0;
for (const { names, command } of RUNS) {
  const [bin, scriptArgs] = command;
  console.log(`\n### ${names.join(', ')}`);
  const { status } = spawnSync(bin, [...scriptArgs, ...args], { cwd: root, stdio: 'inherit' });
  if (status !== 0) failed++;
}

const results = readResults();
console.log(
  `\nAll benchmarks in ${Math.round((Date.now() - started) / 1000)} s; figures in bench/results.json, docs/BENCHMARKS.md:`,
);
for (const { names } of RUNS) {
  for (const name of names) {
    const b = results.benchmarks[name];
    console.log(
      `  ${name.padEnd(11)} ${b ? `${b.status}${b.reason ? ` (${b.reason})` : ''}, ${b.figures.length} figures` : 'no result'}`,
    );
  }
}
process.exitCode = failed ? 1 : 0;
