import { describe, expect, it } from 'vitest';
import { localChanges, unifiedDiff } from './diff';
import { parseSection } from './routes';

const v1 =
  'services:\n  web:\n    image: nginx:1\n    deploy:\n      replicas: 3\n  db:\n    image: mariadb\n';
const v2 =
  'services:\n  web:\n    image: nginx:2\n    deploy:\n      replicas: 3\n  cache:\n    image: redis\nvolumes:\n  data: {}\n';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff(v1, v1)).toBe('');
  });

  it('gives hunks with removals before additions and context lines', () => {
    const diff = unifiedDiff(v1, v2).split('\n');
    expect(diff.slice(0, 3)).toEqual(['--- current', '+++ new', '@@ -1,7 +1,9 @@']);
    const removed = diff.indexOf('-    image: nginx:1');
    const added = diff.indexOf('+    image: nginx:2');
    expect(removed).toBeGreaterThan(0);
    expect(added).toBe(removed + 1);
    expect(diff).toContain('   web:');
    expect(diff).toContain('+  cache:');
    expect(diff).toContain('-  db:');
  });

  it('splits far-apart changes into separate hunks', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const changed = [...lines];
    changed[2] = 'changed 2';
    changed[25] = 'changed 25';
    const diff = unifiedDiff(lines.join('\n'), changed.join('\n'));
    expect(diff.split('\n').filter((l) => l.startsWith('@@'))).toEqual([
      '@@ -1,6 +1,6 @@',
      '@@ -23,7 +23,7 @@',
    ]);
  });
});

describe('localChanges', () => {
  it('names what is created, updated (with fields), removed and unchanged', () => {
    const changes = localChanges(v1, v2);
    expect(changes).toEqual(
      expect.arrayContaining([
        {
          kind: 'service',
          name: 'web',
          action: 'update',
          fields: ['image'],
          values: [{ field: 'image', label: 'image', before: 'nginx:1', after: 'nginx:2' }],
        },
        { kind: 'service', name: 'db', action: 'remove', fields: [], values: [] },
        { kind: 'service', name: 'cache', action: 'create', fields: [], values: [] },
        { kind: 'volume', name: 'data', action: 'create', fields: [], values: [] },
      ]),
    );
    expect(localChanges(v1, v1).every((c) => c.action === 'unchanged')).toBe(true);
  });

  it('treats an unparsable document as empty', () => {
    expect(localChanges('', 'services: [').length).toBe(0);
  });
});

describe('parseSection', () => {
  it('keeps page views apart from stack names', () => {
    expect(parseSection(null)).toEqual({ view: 'list', tab: 'stacks' });
    expect(parseSection('~new')).toEqual({ view: 'new' });
    expect(parseSection('~topology')).toEqual({ view: 'list', tab: 'topology' });
    expect(parseSection('new')).toEqual({ view: 'stack', name: 'new', tab: 'services' });
    expect(parseSection('web~history')).toEqual({ view: 'stack', name: 'web', tab: 'history' });
    expect(parseSection('web~bogus')).toEqual({ view: 'stack', name: 'web', tab: 'services' });
  });
});
