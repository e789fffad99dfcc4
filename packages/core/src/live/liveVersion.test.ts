import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableText, versionOf } from './liveVersion.js';

describe('versionOf', () => {
  it('is the same for equal values, whatever their key order', () => {
    expect(versionOf({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(
      versionOf({ b: [1, { d: 3, c: 2 }], a: 1 }),
    );
    expect(stableText(undefined)).toBe('undefined');
  });

  it('tells different values apart', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        if (stableText(a) !== stableText(b)) expect(versionOf(a)).not.toBe(versionOf(b));
      }),
      { numRuns: 2_000 },
    );
    expect(versionOf([1, 2])).not.toBe(versionOf([2, 1]));
    expect(versionOf('1')).not.toBe(versionOf(1));
  });

  it('is a valid cursor-sized string', () => {
    expect(versionOf({ big: 'x'.repeat(100_000) })).toMatch(/^[0-9a-z]{1,11}$/);
  });
});
