import { ProtocolError } from '@wirecall/core';

/** What {@link scanFrame} found in a frame that holds only plain MessagePack. */
export interface FrameScan {
  /** Top-level values (messages) in the frame: more than one makes it a batch. */
  readonly values: number;
  /** Whether any value holds a timestamp (extension type -1), which decodes to a `Date`. */
  readonly timestamps: boolean;
}

/** Deepest nesting of maps and arrays a frame may have, so decoding never exhausts the stack. */
export const MAX_DEPTH = 1_000;

/** Extension type -1, the MessagePack timestamp, as the unsigned byte that carries it. */
const TIMESTAMP = 0xff;

function fail(message: string): never {
  throw new ProtocolError(message);
}

/**
 * Values still to come in each open map or array, innermost last. One for the module: a scan runs
 * start to end synchronously, and a typed array costs no allocation per frame.
 */
const open = new Float64Array(MAX_DEPTH);

function truncated(): never {
  return fail('Truncated MessagePack: the frame ends inside a value');
}

/** Checks an extension's type and length; returns whether it is a timestamp (the only one allowed). */
function checkExtension(type: number, length: number): true {
  if (type !== TIMESTAMP) {
    fail(`MessagePack extension type ${(type << 24) >> 24} is not part of wirecall.v1.msgpack`);
  }
  if (length !== 4 && length !== 8 && length !== 12) fail('A timestamp must be 4, 8 or 12 bytes');
  return true;
}

/**
 * Checks, before anything decodes it, that an untrusted frame is one or more complete MessagePack
 * maps of the standard types only: no truncation, no reserved byte 0xc1, no extension but the
 * timestamp (msgpackr's own records, references, sets and errors are refused, so its decoder
 * never builds them from a peer's bytes), and no nesting deeper than {@link MAX_DEPTH}. It walks
 * the bytes once, without recursion and without allocating.
 * @throws ProtocolError naming what is wrong.
 */
export function scanFrame(bytes: Uint8Array): FrameScan {
  const end = bytes.length;
  if (end === 0) fail('An empty frame holds no message');
  let depth = 0;
  let position = 0;
  let values = 0;
  let timestamps = false;
  while (position < end || depth > 0) {
    if (position >= end) truncated();
    const token = bytes[position++] as number;
    if (depth === 0) {
      values++;
      if (!((token >= 0x80 && token <= 0x8f) || token === 0xde || token === 0xdf))
        fail('A wirecall.v1.msgpack frame holds messages, each a map');
    }
    let children = 0;
    if (token <= 0x7f || token >= 0xe0) {
      // positive or negative fixint
    } else if (token <= 0x8f) {
      children = (token & 0x0f) * 2;
    } else if (token <= 0x9f) {
      children = token & 0x0f;
    } else if (token <= 0xbf) {
      position += token & 0x1f;
    } else {
      // Every header below needs up to 5 more bytes; those past the end read as undefined, so
      // check first.
      const a = bytes[position] as number;
      const b = bytes[position + 1] as number;
      const c = bytes[position + 2] as number;
      const d = bytes[position + 3] as number;
      switch (token) {
        case 0xc0: // nil
        case 0xc2: // false
        case 0xc3: // true
          break;
        case 0xc1:
          fail('Byte 0xc1 is never used in MessagePack');
          break;
        case 0xc4: // bin 8
        case 0xd9: // str 8
          if (position + 1 > end) truncated();
          position += 1 + a;
          break;
        case 0xc5: // bin 16
        case 0xda: // str 16
          if (position + 2 > end) truncated();
          position += 2 + ((a << 8) | b);
          break;
        case 0xc6: // bin 32
        case 0xdb: // str 32
          if (position + 4 > end) truncated();
          position += 4 + a * 0x1000000 + ((b << 16) | (c << 8) | d);
          break;
        case 0xc7: // ext 8
          if (position + 2 > end) truncated();
          timestamps = checkExtension(b, a);
          position += 2 + a;
          break;
        case 0xc8: // ext 16
          if (position + 3 > end) truncated();
          timestamps = checkExtension(c, (a << 8) | b);
          position += 3 + ((a << 8) | b);
          break;
        case 0xc9: {
          // ext 32
          if (position + 5 > end) truncated();
          const length = a * 0x1000000 + ((b << 16) | (c << 8) | d);
          timestamps = checkExtension(bytes[position + 4] as number, length);
          position += 5 + length;
          break;
        }
        case 0xcc: // uint 8
        case 0xd0: // int 8
          position += 1;
          break;
        case 0xcd: // uint 16
        case 0xd1: // int 16
          position += 2;
          break;
        case 0xca: // float 32
        case 0xce: // uint 32
        case 0xd2: // int 32
          position += 4;
          break;
        case 0xcb: // float 64
        case 0xcf: // uint 64
        case 0xd3: // int 64
          position += 8;
          break;
        case 0xd4: // fixext 1, 2, 4, 8, 16
        case 0xd5:
        case 0xd6:
        case 0xd7:
        case 0xd8: {
          if (position + 1 > end) truncated();
          const length = 1 << (token - 0xd4);
          timestamps = checkExtension(a, length);
          position += 1 + length;
          break;
        }
        case 0xdc: // array 16
          if (position + 2 > end) truncated();
          children = (a << 8) | b;
          position += 2;
          break;
        case 0xdd: // array 32
          if (position + 4 > end) truncated();
          children = a * 0x1000000 + ((b << 16) | (c << 8) | d);
          position += 4;
          break;
        case 0xde: // map 16
          if (position + 2 > end) truncated();
          children = ((a << 8) | b) * 2;
          position += 2;
          break;
        case 0xdf: // map 32
          if (position + 4 > end) truncated();
          children = (a * 0x1000000 + ((b << 16) | (c << 8) | d)) * 2;
          position += 4;
          break;
      }
    }
    if (children > 0) {
      if (depth === MAX_DEPTH) fail(`MessagePack nested deeper than ${MAX_DEPTH} levels`);
      open[depth++] = children;
      continue;
    }
    // A complete value: it may complete the maps and arrays around it too.
    while (depth > 0 && --(open[depth - 1] as number) === 0) depth--;
  }
  if (position > end) truncated();
  return { values, timestamps };
}
