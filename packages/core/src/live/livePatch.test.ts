import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyJsonPatch, diffJson, LivePatchError } from './livePatch.js';
import { stableText } from './liveVersion.js';

/** JSON values as they come out of `JSON.parse`: unicode strings, nulls, nested containers. */
const json = fc.jsonValue({ maxDepth: 4 });
const unicode = fc.string({ unit: 'grapheme', maxLength: 8 });

/** Trees of arrays and objects with unicode keys and leaves, nulls among them. */
const tree = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    json,
    unicode,
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 8 }),
    fc.dictionary(unicode, tie('value'), { maxKeys: 6, noNullPrototype: true }),
  ),
})).value;

/** A variant of `value` changed a little, as live results usually are, driven by `choices`. */
function edit(value: unknown, choices: Iterator<number>): unknown {
  const pick = (n: number) => (choices.next().value ?? 0) % Math.max(1, n);
  if (Array.isArray(value)) {
    const copy = [...value];
    const at = pick(copy.length + 1);
    switch (pick(4)) {
      case 0:
        copy.splice(at, 0, { added: at, text: 'ü ❤️ 中文 \u0000' });
        break;
      case 1:
        copy.splice(at, 1);
        break;
      case 2:
        if (copy.length > 0) copy[at % copy.length] = edit(copy[at % copy.length], choices);
        break;
      default:
        copy.reverse();
    }
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = { ...value };
    const key = Object.keys(copy)[pick(Object.keys(copy).length)];
    if (key === undefined) copy['__proto__ ünï'] = null;
    else if (pick(2) === 0) delete copy[key];
    else copy[key] = edit(copy[key], choices);
    return copy;
  }
  return pick(2) === 0 ? null : [value, 'é'];
}

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('diffJson and applyJsonPatch', () => {
  it('apply(prev, diff(prev, next)) deep-equals next, for any two JSON values', () => {
    fc.assert(
      fc.property(tree, tree, (prev, next) => {
        const patched = applyJsonPatch(prev, diffJson(prev, next));
        expect(patched).toStrictEqual(next);
        expect(stableText(patched)).toBe(stableText(next));
      }),
      { numRuns: 2_000 },
    );
  });

  it('reassembles values changed a little, through JSON, and leaves the base as it was', () => {
    fc.assert(
      fc.property(tree, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (prev, picks) => {
        const next = edit(prev, picks[Symbol.iterator]());
        const before = stableText(prev);
        const base = roundTrip(prev);
        const patched = applyJsonPatch(base, roundTrip(diffJson(prev, next)));
        expect(patched).toStrictEqual(next);
        expect(stableText(base)).toBe(before);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps a `__proto__` key a key, never a prototype', () => {
    const prev = JSON.parse('{"a":{"__proto__":{"x":1}}}') as unknown;
    const next = JSON.parse('{"a":{"__proto__":{"x":2},"b":[]}}') as unknown;
    const patched = applyJsonPatch(prev, roundTrip(diffJson(prev, next)));
    expect(patched).toStrictEqual(next);
    expect(Object.getPrototypeOf((patched as { a: object }).a)).toBe(Object.prototype);
    expect(({} as { x?: number }).x).toBeUndefined();
  });

  it('shares what did not change with the base', () => {
    const prev = { todos: [{ id: 1 }, { id: 2 }], meta: { n: 2 } };
    const next = { todos: [{ id: 1 }, { id: 2 }, { id: 3 }], meta: { n: 2 } };
    const patch = diffJson(prev, next);
    expect(patch).toEqual([[2, ['todos'], 2, 0, [{ id: 3 }]]]);
    const patched = applyJsonPatch(prev, patch) as typeof next;
    expect(patched.meta).toBe(prev.meta);
    expect(patched.todos[0]).toBe(prev.todos[0]);
    expect(prev.todos).toHaveLength(2);
  });

  it('is small for a small change to a large list', () => {
    const prev = Array.from({ length: 1_000 }, (_, id) => ({
      id,
      text: `todo ${id}`,
      done: false,
    }));
    const next = prev.map((todo) => (todo.id === 500 ? { ...todo, done: true } : todo));
    const patch = diffJson(prev, next);
    expect(patch).toEqual([[0, [500, 'done'], true]]);
    expect(JSON.stringify(patch).length * 100).toBeLessThan(JSON.stringify(next).length);
  });

  it.each([
    ['not an array', {}, { a: 1 }],
    ['an operation without a path', [[0]], { a: 1 }],
    ['a path of objects', [[0, [{}], 1]], { a: 1 }],
    ['a path through a leaf', [[0, ['a', 'b'], 1]], { a: 1 }],
    ['a path through a missing key', [[0, ['x', 'b'], 1]], { a: 1 }],
    ['a delete of a missing key', [[1, ['x']]], { a: 1 }],
    ['a delete of an array element', [[1, [0]]], [1]],
    ['a splice of an object', [[2, [], 0, 0, []]], { a: 1 }],
    ['a splice out of range', [[2, [], 2, 1, []]], [1]],
    ['a splice with a negative count', [[2, [], 0, -1, []]], [1]],
    ['a splice without items', [[2, [], 0, 0, 'x']], [1]],
    ['a set far past the end', [[0, [5], 1]], [1]],
    ['a set of a number key on an object', [[0, [0], 1]], { a: 1 }],
    ['an unknown operation', [[7, ['a']]], { a: 1 }],
    ['a delete of the root', [[1, []]], { a: 1 }],
    ['a reach into a leaf root', [[0, ['a'], 1]], 'text'],
  ])('refuses %s with a LivePatchError', (_name, patch, base) => {
    const before = stableText(base);
    expect(() => applyJsonPatch(base, patch)).toThrow(LivePatchError);
    expect(stableText(base)).toBe(before);
  });
});
