import { describe, expect, it } from 'vitest';
import { jsonCodec } from './codec.js';
import { encodeMessage } from './encodeMessage.js';

function circular(): unknown {
  const value: Record<string, unknown> = { n: 1 };
  value.self = value;
  return value;
}

function deep(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = [value];
  return value;
}

describe('encodeMessage', () => {
  it('gives the frame of a message the codec can encode', () => {
    expect(encodeMessage(jsonCodec, { type: 'call', id: 1, path: 'p', input: { a: 1 } })).toEqual({
      ok: true,
      frame: '{"type":"call","id":1,"path":"p","input":{"a":1}}',
    });
  });

  it.each([
    ['a circular input', circular(), /refers to itself/],
    ['a BigInt', { count: 10n }, /BigInt/],
    ['20,000 levels of nesting', deep(20_000), /nests too deeply/],
    [
      'a value whose toJSON throws',
      {
        toJSON() {
          throw new Error('no JSON for you');
        },
      },
      /cannot be encoded \(no JSON for you\)/,
    ],
  ])('reports %s as a problem instead of throwing', (_name, input, problem) => {
    const result = encodeMessage(jsonCodec, { type: 'call', id: 1, path: 'p', input });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toMatch(problem);
      expect(result.cause).toBeInstanceOf(Error);
    }
  });
});
