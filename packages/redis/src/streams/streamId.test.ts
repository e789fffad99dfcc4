import { describe, expect, it } from 'vitest';
import { canonicalStreamId, compareStreamIds } from './streamId.js';

describe('canonicalStreamId', () => {
  it.each([
    ['1700000000000-0', '1700000000000-0'],
    ['0-0', '0-0'],
    ['007-01', '7-1'],
    ['18446744073709551615-18446744073709551615', '18446744073709551615-18446744073709551615'],
  ])('accepts %s as %s', (id, canonical) => {
    expect(canonicalStreamId(id)).toBe(canonical);
  });

  it.each([
    [''],
    ['abc'],
    ['1700000000000'],
    ['1-2-3'],
    ['-1-0'],
    ['1.5-0'],
    [' 1-0'],
    ['k3j4h5-12'],
    ['18446744073709551616-0'],
    ['123456789012345678901-0'],
  ])('rejects %j', (id) => {
    expect(canonicalStreamId(id)).toBeUndefined();
  });
});

describe('compareStreamIds', () => {
  it.each([
    ['1-0', '2-0', -1],
    ['2-0', '1-0', 1],
    ['5-5', '5-5', 0],
    ['5-9', '5-10', -1],
    ['9-0', '10-0', -1],
    ['1700000000000-99', '1700000000001-0', -1],
    ['0-0', '1-0', -1],
  ])('orders %s and %s', (a, b, sign) => {
    expect(Math.sign(compareStreamIds(a, b))).toBe(sign);
  });
});
