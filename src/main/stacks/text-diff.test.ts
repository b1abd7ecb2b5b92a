import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './text-diff';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('writes diff -u hunks with three lines of context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].join('\n');
    const after = before.replace('2', 'two').replace('11', 'eleven');
    expect(unifiedDiff(before, after, { before: 'a', after: 'b' })).toBe(
      [
        '--- a',
        '+++ b',
        '@@ -1,5 +1,5 @@',
        ' 1',
        '-2',
        '+two',
        ' 3',
        ' 4',
        ' 5',
        '@@ -8,5 +8,5 @@',
        ' 8',
        ' 9',
        ' 10',
        '-11',
        '+eleven',
        ' 12',
        '',
      ].join('\n'),
    );
  });

  it('diffs against an empty document', () => {
    expect(unifiedDiff('', 'x\ny\n', { before: 'a', after: 'b' })).toBe(
      '--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n',
    );
  });
});
