import { describe, expect, it } from 'vitest';
import { canBatch, jsonCodec } from './codec.js';
import { encodeMessage } from './encodeMessage.js';
import type { Message } from './messages.js';
import { richCodec } from './richCodec.js';

const codec = richCodec(jsonCodec);
const result = (output: unknown): Message => ({ type: 'result', id: 1, output });

describe('richCodec', () => {
  it('is its inner codec with `.rich` on the subprotocol, and batches as it does', () => {
    expect(codec.subprotocol).toBe('wirecall.v1.rich');
    expect(canBatch(codec)).toBe(true);
    const frames = [codec.encode(result(1)), codec.encode(result(new Date(0)))];
    const joined = codec.joinFrames?.(frames);
    expect(codec.decode(joined as string)).toEqual([result(1), result(new Date(0))]);
  });

  it('writes messages without rich values exactly as the inner codec does', () => {
    const plain = result({ text: 'hi', list: [1, 2], nested: { ok: true } });
    expect(codec.encode(plain)).toBe(jsonCodec.encode(plain));
    // superjson refuses a `constructor` field; a message without rich values never reaches it.
    const named = result({ constructor: 'x', at: '2026-01-01' });
    expect(codec.encode(named)).toBe(jsonCodec.encode(named));
    // An absent output stays absent, as with JSON.
    expect(codec.encode(result(undefined))).toBe('{"type":"result","id":1}');
  });

  it('round-trips every rich value it names, nested anywhere', () => {
    const value = {
      at: new Date(1),
      list: [10n, -(2n ** 100n), new Uint8Array([1, 2, 3])],
      map: new Map<unknown, unknown>([
        [1, new Set([new Date(2)])],
        ['k', undefined],
      ]),
      nan: Number.NaN,
      inf: Number.NEGATIVE_INFINITY,
      missing: undefined,
    };
    expect(codec.decode(codec.encode(result(value)) as string)).toEqual(result(value));
  });

  it('copies shared references and refuses a cycle, as JSON does', () => {
    const shared = { a: 1 };
    expect(codec.decode(codec.encode(result([shared, shared, 1n])) as string)).toEqual(
      result([{ a: 1 }, { a: 1 }, 1n]),
    );
    const cyclic: Record<string, unknown> = { n: 1n };
    cyclic.self = cyclic;
    const encoded = encodeMessage(codec, result(cyclic));
    expect(encoded.ok).toBe(false);
    expect(!encoded.ok && encoded.problem).toMatch(/refers to itself/);
  });

  it('hands on values whose annotations do not fit them, for the schema to refuse', () => {
    const decode = (text: string) => codec.decode(text) as { output: unknown };
    expect(
      decode('{"type":"result","id":1,"output":"no","$rich":{"values":{"output":["Date"]}}}')
        .output,
    ).toEqual(new Date(Number.NaN));
    expect(
      decode(
        '{"type":"result","id":1,"output":"12e3","$rich":{"values":{"output":[["custom","bigint"]]}}}',
      ).output,
    ).toBe('12e3');
    expect(
      decode(
        '{"type":"result","id":1,"output":"@@","$rich":{"values":{"output":[["custom","bytes"]]}}}',
      ).output,
    ).toBe('@@');
  });
});
