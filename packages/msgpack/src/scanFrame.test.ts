import { encode } from '@msgpack/msgpack';
import { ProtocolError } from '@wirecall/core';
import { describe, expect, it } from 'vitest';
import { msgpackCodec } from './msgpackCodec.js';
import { MAX_DEPTH, scanFrame } from './scanFrame.js';

const concat = (...parts: Iterable<number>[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const ping = encode({ type: 'ping' });
/** `depth` arrays, one inside the other, in a message. */
const nested = (depth: number) =>
  concat([0x81, 0xa1, 0x61], new Array(depth - 1).fill(0x91), [0x90]);

describe('scanFrame', () => {
  it.each<[string, Uint8Array, { values: number; timestamps: boolean }]>([
    [
      'one message',
      encode({ type: 'call', id: 1, path: 'a', input: [1, 'x', null] }),
      { values: 1, timestamps: false },
    ],
    ['three messages', concat(ping, ping, ping), { values: 3, timestamps: false }],
    ['an empty map', new Uint8Array([0x80]), { values: 1, timestamps: false }],
    ['a timestamp', encode({ at: new Date(5) }), { values: 1, timestamps: true }],
    [
      'every width of string, bin, array and map',
      encode({
        s8: 'x'.repeat(40),
        s16: 'y'.repeat(300),
        s32: 'z'.repeat(70_000),
        b8: new Uint8Array(10),
        b16: new Uint8Array(300),
        b32: new Uint8Array(70_000),
        a16: new Array(20).fill(1),
        m16: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])),
        n: [
          0,
          127,
          128,
          255,
          256,
          65_536,
          2 ** 32,
          -1,
          -33,
          -129,
          -32_769,
          -(2 ** 31) - 1,
          1.5,
          2 ** 64,
        ],
      }),
      { values: 1, timestamps: false },
    ],
    [`nesting ${MAX_DEPTH} deep`, nested(MAX_DEPTH), { values: 1, timestamps: false }],
  ])('accepts %s', (_name, frame, expected) => {
    expect(scanFrame(frame)).toEqual(expected);
  });

  it.each<[string, ArrayLike<number>, RegExp]>([
    ['nothing', [], /empty frame/],
    ['a map cut short', [0x82, 0xa1, 0x61, 0x01, 0xa1], /Truncated/],
    ['a string longer than the frame', [0x81, 0xa1, 0x61, 0xd9, 0x10, 0x61], /Truncated/],
    ['a length cut short', [0x81, 0xa1, 0x61, 0xdb, 0x00], /Truncated/],
    [
      'an array 32 claiming 4 billion values',
      [0x81, 0xa1, 0x61, 0xdd, 0xff, 0xff, 0xff, 0xff],
      /Truncated/,
    ],
    ['the reserved byte 0xc1', [0x81, 0xa1, 0x61, 0xc1], /0xc1/],
    ['a top-level array (batches are concatenated maps)', encode([{ type: 'ping' }]), /each a map/],
    ['a top-level string', encode('ping'), /each a map/],
    ['a message followed by a number', concat(ping, [0x01]), /each a map/],
    ['msgpackr undefined (extension 0)', [0x81, 0xa1, 0x61, 0xd4, 0x00, 0x00], /extension type 0 /],
    ['a msgpackr record definition', [0xd4, 0x72, 0x40, 0x91, 0xa1, 0x61], /each a map/],
    ['a msgpackr record inside a map', [0x81, 0xa1, 0x61, 0xd4, 0x72, 0x40], /extension type 114/],
    [
      'a msgpackr structured-clone pointer',
      [0x81, 0xa1, 0x61, 0xd6, 0x70, 0, 0, 0, 1],
      /extension type 112/,
    ],
    ['a msgpackr Set', [0x81, 0xa1, 0x61, 0xd4, 0x73, 0x00, 0x90], /extension type 115/],
    [
      'a msgpackr RegExp',
      [0x81, 0xa1, 0x61, 0xd4, 0x78, 0x00, 0x92, 0xa1, 0x61, 0xa0],
      /extension type 120/,
    ],
    ['a bigint extension', [0x81, 0xa1, 0x61, 0xc7, 0x01, 0x42, 0x01], /extension type 66/],
    [
      'a timestamp of 5 bytes',
      [0x81, 0xa1, 0x61, 0xc7, 0x05, 0xff, 0, 0, 0, 0, 0],
      /4, 8 or 12 bytes/,
    ],
    [`nesting ${MAX_DEPTH + 1} deep`, nested(MAX_DEPTH + 1), /deeper than/],
  ])('refuses %s', (_name, frame, reason) => {
    const bytes = Uint8Array.from(frame);
    expect(() => scanFrame(bytes)).toThrow(ProtocolError);
    expect(() => scanFrame(bytes)).toThrow(reason);
    // The codec refuses it too, with the same error, before msgpackr sees it.
    expect(() => msgpackCodec.decode(bytes)).toThrow(reason);
  });

  it('lets the decoder refuse what scans well but does not decode: a map as a key', () => {
    const frame = Uint8Array.from([0x81, 0x81, 0x01, 0x01, 0x01]);
    expect(scanFrame(frame)).toEqual({ values: 1, timestamps: false });
    expect(() => msgpackCodec.decode(frame)).toThrow(ProtocolError);
    expect(() => msgpackCodec.decode(frame)).toThrow(/Invalid MessagePack/);
  });

  it('scans a frame that is a view into a larger buffer by its own bounds', () => {
    const buffer = concat([0xc1, 0xc1], ping, [0xc1]);
    expect(scanFrame(buffer.subarray(2, 2 + ping.length))).toEqual({
      values: 1,
      timestamps: false,
    });
  });
});
