import { type Codec, type Frame, ProtocolError, type SharedEventFields } from '@wirecall/core';
import { type Options, Packr, Unpackr } from 'msgpackr';
import { scanFrame } from './scanFrame.js';

/** The subprotocol of {@link msgpackCodec}. */
export const PROTOCOL_V1_MSGPACK = 'wirecall.v1.msgpack';

/** Options msgpackr 2.1 has and documents, but its type declarations do not list yet. */
interface MoreOptions extends Omit<Options, 'int64AsType'> {
  /** Object properties whose value `includes` finds are left out. */
  skipValues?: { includes(value: unknown): boolean };
  int64AsType?: 'bigint' | 'number' | 'string' | 'auto';
}

/** The options as msgpackr's declarations type them. */
function options(value: MoreOptions): Options {
  return value as unknown as Options;
}

/**
 * Property values that JSON leaves out of an object, and so does this codec: an absent field and
 * one set to `undefined` arrive alike (absent), whichever codec carried them.
 */
const skippedValues = {
  includes: (value: unknown) =>
    value === undefined || typeof value === 'function' || typeof value === 'symbol',
};

/**
 * Plain MessagePack only: maps, never msgpackr's records, so any MessagePack library reads the
 * frames; the rest makes values look as `JSON.stringify` would make them where that matters to
 * validation (see the package README for the full table).
 */
const packr = new Packr(
  options({
    useRecords: false,
    skipValues: skippedValues,
    // `undefined` in an array is null, as in JSON, not msgpackr's extension 0.
    encodeUndefinedAsNil: true,
    // JSON writes both as `{}`; MessagePack maps with keys of any type would not decode as objects.
    mapAsEmptyObject: true,
    setAsEmptyObject: true,
    // JSON writes an invalid Date as null.
    onInvalidDate: () => null,
  }),
);

const unpackr = new Unpackr(
  options({
    useRecords: false,
    mapsAsObjects: true,
    // Integers up to 2^53 as numbers, as JSON gives them; larger 64-bit ones as bigint, not rounded.
    int64AsType: 'auto',
    // A bin value gets its own bytes: some transports reuse a frame's buffer after the callback.
    copyBuffers: true,
  }),
);

/**
 * JSON sends a `Date` as its ISO string; so does this codec, in effect: a timestamp on the wire
 * (from this codec or another MessagePack library) is handed on as that string, so contracts that
 * validate dates as strings see the same value with either codec.
 */
function datesToIsoStrings(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++)
      value[index] = datesToIsoStrings(value[index]);
  } else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    const fields = value as Record<string, unknown>;
    for (const key of Object.keys(fields)) fields[key] = datesToIsoStrings(fields[key]);
  }
  return value;
}

function decodeBinary(bytes: Uint8Array): unknown {
  const { values, timestamps } = scanFrame(bytes);
  let decoded: unknown;
  try {
    decoded = values === 1 ? unpackr.unpack(bytes) : unpackr.unpackMultiple(bytes);
    return timestamps ? datesToIsoStrings(decoded) : decoded;
  } catch (error) {
    // What the scan lets through can still fail: a map key that is itself a map, a timestamp
    // outside the range of dates.
    throw new ProtocolError(
      `Invalid MessagePack: ${error instanceof Error ? error.message.slice(0, 80) : 'not decodable'}`,
    );
  }
}

function joinFrames(frames: readonly Frame[]): Frame {
  if (frames.length === 1) return frames[0] as Frame;
  let length = 0;
  for (const frame of frames) length += (frame as Uint8Array).byteLength;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const frame of frames) {
    joined.set(frame as Uint8Array, offset);
    offset += (frame as Uint8Array).byteLength;
  }
  return joined;
}

/** Bytes of MessagePack's smallest encoding of a positive integer, as msgpackr writes it; undefined from 2^32. */
function uintLength(value: number): number | undefined {
  if (value < 0x80) return 1;
  if (value <= 0xff) return 2;
  if (value <= 0xffff) return 3;
  if (value <= 0xffffffff) return 5;
  return undefined;
}

/** Writes `value` at `at` in the form {@link uintLength} measured. */
function writeUint(frame: Uint8Array, at: number, value: number, length: number): void {
  if (length === 1) {
    frame[at] = value;
    return;
  }
  frame[at] = length === 2 ? 0xcc : length === 3 ? 0xcd : 0xce;
  for (let byte = length - 2; byte >= 0; byte--) {
    frame[at + length - 1 - byte] = (value >>> (8 * byte)) & 0xff;
  }
}

/**
 * One event's payload packed once for many subscriptions: the map ends with its `id`, packed as 0
 * (one byte), so each subscription's frame is the shared bytes with its own id in that byte's place.
 */
function prepareEvent(event: SharedEventFields): (id: number) => Frame {
  const fields = { type: 'event', data: event.data, eventId: event.eventId, id: 0 };
  const packed = packr.pack(fields);
  // A copy: the packed bytes may share msgpackr's buffer, which the events waiting in slow
  // subscribers' queues would otherwise keep alive.
  // (`Buffer#slice` would be a view: Uint8Array's copies.)
  const head = Uint8Array.prototype.slice.call(packed, 0, packed.byteLength - 1);
  return (id) => {
    const length = uintLength(id);
    if (length === undefined) return packr.pack({ ...fields, id });
    const frame = new Uint8Array(head.byteLength + length);
    frame.set(head, 0);
    writeUint(frame, head.byteLength, id, length);
    return frame;
  };
}

/**
 * Binary codec: one MessagePack map per binary frame, and a batch as the messages' maps one after
 * another in one frame; subprotocol `wirecall.v1.msgpack`. Frames are plain MessagePack that any
 * MessagePack library reads. Values travel as with JSON where validation would notice: absent and
 * `undefined` fields are left out, a `Date` arrives as its ISO string, a `Map` or `Set` as `{}`.
 * Unlike JSON, bytes (`Uint8Array`) travel as MessagePack `bin` and arrive as `Uint8Array`.
 *
 * Give it to both sides: the server can speak several codecs and agrees to the first one the
 * client offers.
 * @example
 * const server = createServer(api, { handlers, codec: [msgpackCodec, jsonCodec] });
 * const client = createClient(api, { url, codec: msgpackCodec });
 */
export const msgpackCodec: Codec & Required<Pick<Codec, 'joinFrames'>> = {
  subprotocol: PROTOCOL_V1_MSGPACK,
  encode: (message) => packr.pack(message),
  decode: (frame) => {
    // The protocol makes a text frame on `wirecall.v1.msgpack` an error, whatever it holds.
    if (typeof frame === 'string') {
      throw new ProtocolError('wirecall.v1.msgpack takes binary frames only, not text');
    }
    // A Buffer (Node) is viewed as a plain Uint8Array, so bin values arrive as Uint8Array anywhere.
    return decodeBinary(
      frame.constructor === Uint8Array
        ? frame
        : new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength),
    );
  },
  joinFrames,
  prepareEvent,
};
