import { describe, expect, it } from 'vitest';
import { BoundedOutput, overflowMessage } from './bounded-output';

describe('BoundedOutput', () => {
  it('keeps output up to the limit and refuses (keeping nothing) past it', () => {
    const out = new BoundedOutput(10);
    expect(out.push(Buffer.from('hello '))).toBe(true);
    expect(out.push(Buffer.from('you!'))).toBe(true);
    expect(out.text()).toBe('hello you!');
    expect(out.push(Buffer.from('x'))).toBe(false);
    expect(out.overflowed).toBe(true);
    expect(out.text()).toBe('');
    // Once over, always over: a command printing on is not collected again.
    expect(out.push(Buffer.from(''))).toBe(false);
    expect(overflowMessage(8 * 1024 * 1024)).toBe('The command printed more than 8 MiB: stopped');
  });
});
