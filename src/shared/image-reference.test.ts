import { describe, expect, it } from 'vitest';
import { imageReferenceProblem } from './image-reference';

describe('imageReferenceProblem', () => {
  it('takes names, tags, digests and registries with ports', () => {
    for (const image of [
      'haproxy',
      'haproxy:lts',
      '10.77.0.2:5000/haproxy:lab',
      'registry.example/team/app@sha256:0123abcd',
    ])
      expect(imageReferenceProblem(image), image).toBeNull();
  });

  it('says what is wrong with the rest', () => {
    expect(imageReferenceProblem('  ')).toMatch(/^Name an image/);
    expect(imageReferenceProblem('haproxy lts')).toBe('An image reference has no spaces');
    expect(imageReferenceProblem('haproxy:')).toMatch(/^Not an image reference/);
    expect(imageReferenceProblem('https://hub/haproxy')).toMatch(/^Not an image reference/);
    expect(imageReferenceProblem('-x')).toMatch(/^Not an image reference/);
  });
});
