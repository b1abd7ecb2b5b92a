import { describe, expect, it } from 'vitest';
import { fieldLabel, formatValue, shortValue, valueChanges } from './plan-values';

describe('fieldLabel', () => {
  it('names the spec paths people change in words', () => {
    expect(fieldLabel('TaskTemplate.ContainerSpec.Image')).toBe('Image');
    expect(fieldLabel('Mode.Replicated.Replicas')).toBe('Replicas');
    expect(fieldLabel('TaskTemplate.Resources.Limits.MemoryBytes')).toBe('Memory limit');
    expect(fieldLabel('UpdateConfig.Delay')).toBe('Update delay');
    expect(fieldLabel('TaskTemplate.RestartPolicy.MaxAttempts')).toBe('Restart max attempts');
    expect(fieldLabel('TaskTemplate.ContainerSpec.StopGracePeriod')).toBe('Stop grace period');
    expect(fieldLabel('Labels.com.example.tier')).toBe('Service label com.example.tier');
  });
});

describe('formatValue', () => {
  it('writes values in the units of a compose file', () => {
    expect(formatValue('TaskTemplate.Resources.Limits.NanoCPUs', 500_000_000)).toBe('0.5 CPU');
    expect(formatValue('TaskTemplate.Resources.Limits.MemoryBytes', 256 * 1024 * 1024)).toBe(
      '256 MiB',
    );
    expect(formatValue('UpdateConfig.Delay', 10_000_000_000)).toBe('10 s');
    expect(formatValue('UpdateConfig.Monitor', 120_000_000_000)).toBe('2 min');
    expect(formatValue('TaskTemplate.ContainerSpec.TTY', true)).toBe('yes');
    expect(formatValue('TaskTemplate.Placement.Constraints', ['node.role==worker'])).toBe(
      'node.role==worker',
    );
    expect(formatValue('x', undefined)).toBeNull();
  });
});

describe('valueChanges', () => {
  const current = {
    Labels: { 'com.example.tier': 'web' },
    TaskTemplate: {
      ContainerSpec: { Image: 'nginx:1.25', Env: ['A=1', 'DB_PASSWORD=old', 'GONE=x'] },
    },
  };
  const desired = {
    Labels: { 'com.example.tier': 'front' },
    TaskTemplate: {
      ContainerSpec: { Image: 'nginx:1.27', Env: ['A=1', 'DB_PASSWORD=new', 'NEW=y'] },
      Resources: { Limits: { NanoCPUs: 1e9 } },
    },
  };

  it('gives old and new values, with environment lists split per variable', () => {
    const changes = valueChanges(
      [
        'Labels.com.example.tier',
        'TaskTemplate.ContainerSpec.Env',
        'TaskTemplate.ContainerSpec.Image',
        'TaskTemplate.Resources',
      ],
      desired,
      current,
    );
    expect(changes.map((c) => [c.label, c.before, c.after])).toEqual([
      ['Service label com.example.tier', 'web', 'front'],
      // A secret-looking value is masked: that it changes is what the plan says.
      ['Environment DB_PASSWORD', '••••••', '••••••'],
      ['Environment GONE', 'x', null],
      ['Environment NEW', null, 'y'],
      ['Image', 'nginx:1.25', 'nginx:1.27'],
      ['Resources', null, '{"Limits":{"NanoCPUs":1000000000}}'],
    ]);
  });
});

describe('shortValue', () => {
  it('leaves short values alone', () => {
    expect(shortValue('nginx:1.27')).toBe('nginx:1.27');
  });

  it('keeps the start of a digest and the whole name', () => {
    const image = `nginx:1.27@sha256:${'ab12'.repeat(16)}`;
    expect(shortValue(image)).toBe('nginx:1.27@sha256:ab12ab12ab12…');
  });

  it('cuts other long values in the middle, within the limit', () => {
    const text = `${'a'.repeat(50)}MIDDLE${'z'.repeat(50)}`;
    const short = shortValue(text, 40);
    expect(short).toHaveLength(40);
    expect(short.startsWith('aaaa')).toBe(true);
    expect(short.endsWith('zzzz')).toBe(true);
    expect(short).toContain('…');
  });
});
