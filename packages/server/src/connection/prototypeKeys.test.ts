import { describe, expect, it } from 'vitest';
import { dropPrototypeKeys, hasPrototypeKey, isPrototypeKey } from './prototypeKeys.js';

describe('dropPrototypeKeys', () => {
  it('deletes __proto__, constructor and prototype at any depth, in objects inside arrays too', () => {
    const value = JSON.parse(
      '{"a":1,"__proto__":{"x":1},"list":[{"constructor":2,"b":2}],"deep":{"prototype":3,"c":{"__proto__":4}}}',
    );
    expect(dropPrototypeKeys(value)).toBe(value);
    expect(value).toEqual({ a: 1, list: [{ b: 2 }], deep: { c: {} } });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(hasPrototypeKey(value.deep.c)).toBe(false);
  });

  it('leaves primitives, binary data and shared or frozen objects alone without failing', () => {
    expect(dropPrototypeKeys(7)).toBe(7);
    expect(dropPrototypeKeys(null)).toBe(null);
    const bytes = new Uint8Array(4);
    const shared = { n: 1 };
    const frozen = Object.freeze(JSON.parse('{"constructor":1}'));
    expect(dropPrototypeKeys({ bytes, one: shared, two: shared, frozen })).toEqual({
      bytes,
      one: shared,
      two: shared,
      frozen: { constructor: 1 },
    });
  });

  it('names exactly the three keys', () => {
    expect(
      ['__proto__', 'constructor', 'prototype', 'proto', 'toString'].map(isPrototypeKey),
    ).toEqual([true, true, true, false, false]);
  });
});
