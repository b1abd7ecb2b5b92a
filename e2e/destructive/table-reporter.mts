// Prints one table after the destructive suite: scenario, result, figure.
import type { Reporter, TestModule } from 'vitest/node';

export default class DestructiveTable implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows: [string, string, string][] = [];
    for (const module of modules)
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        rows.push([
          test.name,
          state === 'pending' ? 'skipped' : state,
          (test.meta() as { figure?: string }).figure ?? '',
        ]);
      }
    if (!rows.length) return;
    const width = Math.min(70, Math.max(...rows.map((r) => r[0].length)));
    const lines = rows.map(
      ([name, result, figure]) =>
        `${name.slice(0, width).padEnd(width)}  ${result.padEnd(7)}  ${figure}`,
    );
    process.stdout.write(
      `\nDestructive suite\n${'test'.padEnd(width)}  result   figure\n${lines.join('\n')}\n\n`,
    );
  }
}
