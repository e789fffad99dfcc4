import { describe, expect, it } from 'vitest';
import { hashInput } from './hashInput.js';

describe('hashInput', () => {
  it.each([
    [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
    ],
    [{ x: { a: 1, b: [1, { d: 1, c: 2 }] } }, { x: { b: [1, { c: 2, d: 1 }], a: 1 } }],
    [undefined, undefined],
    ['room', 'room'],
    [{ a: undefined, b: 1 }, { b: 1 }],
  ])('is equal for inputs equal by value: %j', (left, right) => {
    expect(hashInput(left)).toBe(hashInput(right));
  });

  it.each([
    [{ a: 1 }, { a: '1' }],
    [
      [1, 2],
      [2, 1],
    ],
    [{ room: 'a' }, { room: 'b' }],
    [undefined, null],
  ])('differs for different inputs: %j', (left, right) => {
    expect(hashInput(left)).not.toBe(hashInput(right));
  });

  it('hashes bigints instead of throwing', () => {
    expect(hashInput({ n: 1n })).not.toBe(hashInput({ n: 1 }));
  });

  it.each([
    [
      'a cycle',
      () => {
        const input: Record<string, unknown> = { room: 'a' };
        input.self = input;
        return input;
      },
    ],
    [
      '20,000 levels of nesting',
      () => {
        let input: unknown = 'leaf';
        for (let i = 0; i < 20_000; i++) input = { next: input };
        return input;
      },
    ],
    [
      'a throwing toJSON',
      () => ({
        toJSON() {
          throw new Error('nope');
        },
      }),
    ],
  ])('refuses %s with a TypeError that says what is wrong', (_name, make) => {
    expect(() => hashInput(make())).toThrow(
      expect.objectContaining({
        name: 'TypeError',
        message: expect.stringMatching(/^An observer's input must be plain data/),
      }),
    );
  });
});
