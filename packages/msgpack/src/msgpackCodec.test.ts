import { decode, decodeMulti, encode } from '@msgpack/msgpack';
import { jsonCodec, type Message, ProtocolError } from '@wirecall/core';
import { describe, expect, it } from 'vitest';
import { msgpackCodec } from './msgpackCodec.js';

/** A frame as a plain Uint8Array (msgpackr encodes into a Buffer in Node). */
const bytes = (frame: unknown) => {
  const view = frame as Uint8Array;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
};

/** What JSON makes of a value on its way through the wire. */
const viaJson = (value: unknown) => jsonCodec.decode(jsonCodec.encode(value as Message));
const viaMsgpack = (value: unknown) => msgpackCodec.decode(msgpackCodec.encode(value as Message));

describe('msgpackCodec', () => {
  it('speaks wirecall.v1.msgpack in binary frames', () => {
    expect(msgpackCodec.subprotocol).toBe('wirecall.v1.msgpack');
    const frame = msgpackCodec.encode({
      type: 'call',
      id: 1,
      path: 'greet',
      input: { name: 'Ada' },
    });
    expect(frame).toBeInstanceOf(Uint8Array);
    expect(msgpackCodec.decode(frame)).toEqual({
      type: 'call',
      id: 1,
      path: 'greet',
      input: { name: 'Ada' },
    });
  });

  it('writes plain MessagePack that another library reads', () => {
    const message = {
      type: 'event',
      id: 2 ** 53 - 1,
      data: { n: -1.5, s: 'é😀', list: [true, null, 300, -70_000], bytes: new Uint8Array([1, 2]) },
      eventId: 'x-1',
    } as const;
    expect(decode(bytes(msgpackCodec.encode(message)))).toEqual(message);
  });

  it('reads what another library writes: 64-bit integers, timestamps, bin', () => {
    const frame = encode(
      {
        type: 'result',
        id: 7,
        output: { big: 2 ** 40, at: new Date(1_000), raw: new Uint8Array([9]) },
      },
      { useBigInt64: true },
    );
    expect(msgpackCodec.decode(frame)).toEqual({
      type: 'result',
      id: 7,
      output: { big: 2 ** 40, at: '1970-01-01T00:00:01.000Z', raw: new Uint8Array([9]) },
    });
    // `id` as a uint 64 and an int 64, as some libraries write every integer.
    const wide = (token: number) =>
      Uint8Array.from([0x81, 0xa2, 0x69, 0x64, token, 0, 0, 0, 0, 0, 0, 0, 3]);
    expect(msgpackCodec.decode(wide(0xcf))).toEqual({ id: 3 });
    expect(msgpackCodec.decode(wide(0xd3))).toEqual({ id: 3 });
  });

  it.each<[string, unknown]>([
    ['an absent field', { a: 1 }],
    ['an undefined field (left out)', { a: undefined, b: 1 }],
    ['undefined in an array (null)', [1, undefined, 2]],
    ['a function field (left out)', { f: () => 1, b: 1 }],
    ['a Date (its ISO string)', { at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) }],
    ['a Date before 1970', { at: new Date(-86_400_001) }],
    ['an invalid Date (null)', { at: new Date('nope') }],
    ['a Map ({})', { m: new Map([[1, 'one']]) }],
    ['a Set ({})', { s: new Set([1]) }],
    [
      'an instance with toJSON',
      {
        v: new (class Money {
          toJSON = () => '1.50 EUR';
        })(),
      },
    ],
    [
      'an instance without toJSON',
      {
        v: new (class Point {
          x = 1;
          y = 2;
        })(),
      },
    ],
    ['nested objects and arrays', { a: [{ b: [{ c: null }] }], d: { e: { f: 'g' } } }],
    ['-0 (0)', { z: -0 }],
  ])('carries %s as JSON does', (_name, data) => {
    const message = { type: 'result', id: 1, output: data };
    expect(viaMsgpack(message)).toStrictEqual(viaJson(message));
  });

  it('renames a __proto__ key to __proto_, where JSON keeps it as an own property', () => {
    const output = JSON.parse('{"__proto__":{"polluted":true},"a":1}');
    const decoded = viaMsgpack({ type: 'result', id: 1, output }) as { output: object };
    expect(decoded.output).toStrictEqual({ __proto_: { polluted: true }, a: 1 });
    expect(Object.getPrototypeOf(decoded.output)).toBe(Object.prototype);
  });

  it('carries what JSON cannot as MessagePack does: bytes, bigints, NaN', () => {
    const output = { bytes: new Uint8Array([1, 2, 3]), small: 5n, big: 2n ** 60n, nan: Number.NaN };
    expect(viaMsgpack({ type: 'result', id: 1, output })).toEqual({
      type: 'result',
      id: 1,
      output: { bytes: new Uint8Array([1, 2, 3]), small: 5, big: 2n ** 60n, nan: Number.NaN },
    });
    expect(() => msgpackCodec.encode({ type: 'result', id: 1, output: 2n ** 70n })).toThrow(
      RangeError,
    );
  });

  it('joins frames into one frame of concatenated maps, decoded as the array of messages', () => {
    const messages = [
      { type: 'result', id: 1, output: 'a' },
      { type: 'pong' },
      { type: 'event', id: 2, data: [1, 2] },
    ] as const;
    const joined = msgpackCodec.joinFrames(messages.map((m) => msgpackCodec.encode(m)));
    expect(msgpackCodec.decode(joined)).toEqual(messages);
    expect([...decodeMulti(bytes(joined))]).toEqual(messages);
    const one = msgpackCodec.encode({ type: 'pong' });
    expect(msgpackCodec.joinFrames([one])).toBe(one);
  });

  it('keeps earlier frames intact while it encodes more (the encoder reuses its buffer)', () => {
    const frames = Array.from({ length: 2_000 }, (_, id) =>
      msgpackCodec.encode({ type: 'result', id: id + 1, output: 'x'.repeat(id % 50) }),
    );
    frames.forEach((frame, index) => {
      expect(msgpackCodec.decode(frame)).toEqual({
        type: 'result',
        id: index + 1,
        output: 'x'.repeat(index % 50),
      });
    });
  });

  it.each([
    ['a message', '{"type":"ping"}'],
    ['nothing', ''],
  ])('refuses a text frame holding %s', (_name, frame) => {
    expect(() => msgpackCodec.decode(frame)).toThrow(
      new ProtocolError('wirecall.v1.msgpack takes binary frames only, not text'),
    );
  });

  it('gives a bin value its own bytes, not a view of the frame', () => {
    const frame = bytes(
      msgpackCodec.encode({ type: 'result', id: 1, output: new Uint8Array([1, 2]) }),
    );
    const copy = new Uint8Array(frame);
    const { output } = msgpackCodec.decode(copy) as { output: Uint8Array };
    copy.fill(0);
    expect([...output]).toEqual([1, 2]);
  });
});

describe('msgpackCodec.prepareEvent', () => {
  it.each([1, 127, 128, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER])(
    'makes a frame that decodes as encode’s does, for id %d',
    (id) => {
      for (const event of [
        { data: { a: [1, 'x'] }, eventId: 'e-1' },
        { data: 'text' },
        { data: undefined },
      ]) {
        const frame = msgpackCodec.prepareEvent?.(event)(id) as Uint8Array;
        expect(msgpackCodec.decode(frame)).toEqual(
          msgpackCodec.decode(msgpackCodec.encode({ type: 'event', id, ...event })),
        );
      }
    },
  );

  it('shares the payload: frames for two ids differ only in their last bytes', () => {
    const frames = msgpackCodec.prepareEvent?.({ data: { text: 'x'.repeat(100) }, eventId: '1' });
    const a = frames?.(3) as Uint8Array;
    const b = frames?.(4) as Uint8Array;
    expect(a.byteLength).toBe(b.byteLength);
    expect(a.subarray(0, -1)).toEqual(b.subarray(0, -1));
  });
});
