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

function isMapToken(token: number): boolean {
  return (token >= 0x80 && token <= 0x8f) || token === 0xde || token === 0xdf;
}

/**
 * Checks, before anything decodes it, that an untrusted frame is one or more complete MessagePack
 * maps of the standard types only: no truncation, no reserved byte 0xc1, no extension but the
 * timestamp (msgpackr's own records, references, sets and errors are refused, so its decoder
 * never builds them from a peer's bytes), and no nesting deeper than {@link MAX_DEPTH}. It walks
 * the bytes once without recursion and without allocating per value.
 * @throws ProtocolError naming what is wrong.
 */
export function scanFrame(bytes: Uint8Array): FrameScan {
  const end = bytes.byteLength;
  if (end === 0) fail('An empty frame holds no message');
  const view = new DataView(bytes.buffer, bytes.byteOffset, end);
  /** Values still to come in each open map or array, innermost last. */
  const open: number[] = [];
  let position = 0;
  let values = 0;
  let timestamps = false;
  const checkExtension = (type: number, length: number) => {
    if (type !== TIMESTAMP) {
      fail(`MessagePack extension type ${(type << 24) >> 24} is not part of wirecall.v1.msgpack`);
    }
    if (length !== 4 && length !== 8 && length !== 12) fail('A timestamp must be 4, 8 or 12 bytes');
    timestamps = true;
  };
  try {
    while (position < end || open.length > 0) {
      if (position >= end) fail('Truncated MessagePack: the frame ends inside a value');
      const token = bytes[position++] as number;
      if (open.length === 0) {
        values++;
        if (!isMapToken(token)) fail('A wirecall.v1.msgpack frame holds messages, each a map');
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
            position += 1 + view.getUint8(position);
            break;
          case 0xc5: // bin 16
          case 0xda: // str 16
            position += 2 + view.getUint16(position);
            break;
          case 0xc6: // bin 32
          case 0xdb: // str 32
            position += 4 + view.getUint32(position);
            break;
          case 0xc7: {
            const length = view.getUint8(position);
            checkExtension(view.getUint8(position + 1), length);
            position += 2 + length;
            break;
          }
          case 0xc8: {
            const length = view.getUint16(position);
            checkExtension(view.getUint8(position + 2), length);
            position += 3 + length;
            break;
          }
          case 0xc9: {
            const length = view.getUint32(position);
            checkExtension(view.getUint8(position + 4), length);
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
            const length = 1 << (token - 0xd4);
            checkExtension(view.getUint8(position), length);
            position += 1 + length;
            break;
          }
          case 0xdc: // array 16
            children = view.getUint16(position);
            position += 2;
            break;
          case 0xdd: // array 32
            children = view.getUint32(position);
            position += 4;
            break;
          case 0xde: // map 16
            children = view.getUint16(position) * 2;
            position += 2;
            break;
          case 0xdf: // map 32
            children = view.getUint32(position) * 2;
            position += 4;
            break;
        }
      }
      if (children > 0) {
        if (open.length >= MAX_DEPTH) fail(`MessagePack nested deeper than ${MAX_DEPTH} levels`);
        open.push(children);
        continue;
      }
      // A complete value: it may complete the maps and arrays around it too.
      while (open.length > 0) {
        const last = open.length - 1;
        const left = (open[last] as number) - 1;
        if (left > 0) {
          open[last] = left;
          break;
        }
        open.pop();
      }
    }
  } catch (error) {
    // A length or an extension header past the end of the frame.
    if (error instanceof RangeError) fail('Truncated MessagePack: the frame ends inside a value');
    throw error;
  }
  if (position > end) fail('Truncated MessagePack: the frame ends inside a value');
  return { values, timestamps };
}
