import SuperJSON from 'superjson';
import type { Codec, Frame } from './codec.js';
import type { Message } from './messages.js';

/** The message field that carries superjson's annotations, only on messages that need them. */
export const RICH_FIELD = '$rich';

/**
 * Digits a `BigInt` may have on the wire (about 13,600 bits). A longer string is handed on as the
 * string it is, so a `z.bigint()` refuses it with `BAD_INPUT`: turning a megabyte of digits
 * into a `BigInt` would hold the event loop for a quarter of a second.
 */
export const MAX_BIGINT_DIGITS = 4096;

const BIGINT_TEXT = /^-?\d+$/;

// The instance is wirecall's own, so its rules never mix with an app's use of superjson.
const superjson = new SuperJSON();

superjson.registerCustom<bigint, string>(
  {
    isApplicable: (value): value is bigint => typeof value === 'bigint',
    serialize: (value) => value.toString(),
    deserialize: (text) =>
      typeof text === 'string' && text.length <= MAX_BIGINT_DIGITS + 1 && BIGINT_TEXT.test(text)
        ? BigInt(text)
        : (text as unknown as bigint),
  },
  'bigint',
);

superjson.registerCustom<Uint8Array, string>(
  {
    // A Node `Buffer` is a Uint8Array too, and arrives as a plain one.
    isApplicable: (value): value is Uint8Array => value instanceof Uint8Array,
    serialize: bytesToBase64,
    deserialize: (text) =>
      typeof text === 'string' ? base64ToBytes(text) : (text as unknown as Uint8Array),
  },
  'bytes',
);

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In chunks: one `fromCharCode` call per byte would be slow, one call for all of them too big.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    // Not base64: handed on as the string it is, for the schema to refuse.
    return text as unknown as Uint8Array;
  }
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * The annotations this codec writes: superjson's own for `Date`, `Map`, `Set`, `undefined` and
 * `NaN`/`Infinity` (`number`), and its custom slot for bigints and bytes. Only these are read
 * back; a frame that names another (a class, a typed array, superjson's unbounded `bigint`) is
 * taken without its annotations, so its values stay plain and the schema decides.
 */
const ANNOTATION = /\["([^"\\]*)"(?:,"([^"\\]*)")?/g;
const READ_BACK = new Set(['Date', 'map', 'set', 'undefined', 'number']);
const CUSTOM = new Set(['bigint', 'bytes']);

function readsBack(values: unknown): boolean {
  // In the JSON of the annotation tree, `["` only opens an annotation: a quote inside a key is
  // escaped, so no key can spell it.
  const text = JSON.stringify(values) ?? '';
  for (const [, name, custom] of text.matchAll(ANNOTATION)) {
    if (name === 'custom' ? !CUSTOM.has(custom ?? '') : !READ_BACK.has(name ?? '')) return false;
  }
  return true;
}

/** Whether a value refers to itself, which superjson would write as `null` where it does. */
function hasCycle(value: unknown, path: Set<object> = new Set()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (path.has(value)) return true;
  path.add(value);
  const children =
    value instanceof Map
      ? [...value.keys(), ...value.values()]
      : value instanceof Set
        ? [...value]
        : Object.values(value);
  for (const child of children) if (hasCycle(child, path)) return true;
  path.delete(value);
  return false;
}

/**
 * Whether a value holds anything JSON would not carry as it is, so superjson's walk (which copies
 * every object) runs only for messages that need it: most messages of a rich contract hold no
 * date at all. Only plain objects and arrays are looked into, as superjson does; a cycle counts,
 * so that superjson's path refuses it.
 */
function holdsRichValue(value: unknown, path: Set<object>): boolean {
  switch (typeof value) {
    case 'bigint':
      return true;
    case 'number':
      return !Number.isFinite(value);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return false;
  if (value instanceof Date || value instanceof Map || value instanceof Set) return true;
  if (value instanceof Uint8Array) return true;
  const isArray = Array.isArray(value);
  const prototype = Object.getPrototypeOf(value);
  if (!isArray && prototype !== Object.prototype && prototype !== null) return false;
  if (path.has(value)) return true;
  path.add(value);
  for (const child of isArray ? value : Object.values(value)) {
    // `undefined` in an array would become `null`; in an object it is left out, as absent.
    if ((isArray && child === undefined) || holdsRichValue(child, path)) return true;
  }
  path.delete(value);
  return false;
}

function toWire(message: Message): Message {
  // Absent fields stay absent (superjson would write `null` and annotate `undefined`).
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) if (value !== undefined) fields[key] = value;
  if (!holdsRichValue(fields, new Set())) return message;
  const { json, meta } = superjson.serialize(fields);
  if (!meta) return message;
  // Shared references are only copied, but a cycle would be cut: refused as JSON refuses it.
  if (meta.referentialEqualities && hasCycle(fields)) {
    throw new TypeError('Converting circular structure: the value refers to itself');
  }
  return { ...(json as object), [RICH_FIELD]: meta } as unknown as Message;
}

function fromWireMessage(decoded: unknown): unknown {
  if (typeof decoded !== 'object' || decoded === null || !Object.hasOwn(decoded, RICH_FIELD)) {
    return decoded;
  }
  const { [RICH_FIELD]: meta, ...json } = decoded as Record<string, unknown>;
  const values = (meta as { values?: unknown } | null)?.values;
  const version = (meta as { v?: unknown } | null)?.v;
  if (typeof meta !== 'object' || meta === null || !readsBack(values)) return json;
  try {
    // Only the value annotations: identity (`referentialEqualities`) is no part of the wire, and
    // a crafted one could make a cycle.
    return superjson.deserialize(
      { json: json as never, meta: { values: values as never, v: version as never } },
      { inPlace: true },
    );
  } catch {
    // A value that does not fit its annotation (a `Map` of a string…): taken as it came.
    return json;
  }
}

function fromWire(decoded: unknown): unknown {
  return Array.isArray(decoded) ? decoded.map(fromWireMessage) : fromWireMessage(decoded);
}

/**
 * Wraps a codec so that rich values survive the wire: `Date`, `BigInt`, `Map`, `Set`,
 * `Uint8Array`, `undefined`, `NaN` and `Infinity` arrive as what was sent, so a `z.date()` or
 * `z.bigint()` in the contract validates what the handler (or the client) really sent. Values
 * are encoded with superjson: a message that holds none of them is the inner codec's frame as
 * it was; one that does carries superjson's annotations in a `$rich` field beside its own.
 * Its subprotocol is the inner codec's plus `.rich` (`wirecall.v1.rich`,
 * `wirecall.v1.msgpack.rich`), so server and client agree on it as on any codec: give it to both.
 *
 * What arrives wrong is never an exception: an invalid date string arrives as an invalid `Date`,
 * a `BigInt` of more than {@link MAX_BIGINT_DIGITS} digits or bytes that are not base64 as the
 * string they were, and annotations this codec never writes are ignored; the contract's schema
 * then refuses the value with `BAD_INPUT`. In a message that holds rich values, objects with a
 * field named `__proto__`, `constructor` or `prototype` cannot be encoded (superjson refuses
 * them).
 * @example
 * const codec = richCodec(jsonCodec); // or richCodec(msgpackCodec)
 * const server = createServer(api, { handlers, codec: [codec, jsonCodec] });
 * const client = createClient(api, { url, codec });
 */
export function richCodec(codec: Codec): Codec {
  const rich: Codec = {
    subprotocol: `${codec.subprotocol}.rich`,
    encode: (message) => codec.encode(toWire(message)),
    decode: (frame: Frame) => fromWire(codec.decode(frame)),
  };
  const { joinFrames } = codec;
  // Each frame is one of the inner codec's, so joining them is its job.
  return joinFrames ? { ...rich, joinFrames: (frames) => joinFrames.call(codec, frames) } : rich;
}
