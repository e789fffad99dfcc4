import type { Codec, Frame } from './codec.js';
import type { Message } from './messages.js';

/** What {@link encodeMessage} made of a message: its frame, or why it has none. */
export type EncodeResult =
  | { readonly ok: true; readonly frame: Frame }
  | {
      readonly ok: false;
      /** What is wrong with the message, for an error message: "refers to itself", … */
      readonly problem: string;
      /** What the codec threw. */
      readonly cause: unknown;
    };

/** Names what a codec's error says about the value, in a few words. */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/circular/i.test(text)) return 'refers to itself (a circular structure)';
  if (/bigint/i.test(text)) return `holds a BigInt the codec cannot encode (${text.slice(0, 120)})`;
  // Both JSON.stringify and msgpackr recurse: a deep value, or a circular one that msgpackr
  // follows until the stack ends, overflows it.
  if (error instanceof RangeError && /call stack/i.test(text))
    return 'nests too deeply, or refers to itself';
  return `cannot be encoded (${text.slice(0, 120)})`;
}

/**
 * Encodes one message, reporting a value the codec cannot encode (a circular structure, a
 * `BigInt`, nesting deeper than the stack) as a result instead of a throw. Both ends encode
 * through it, so one bad value fails its own call, result or event and nothing else.
 */
export function encodeMessage(codec: Codec, message: Message): EncodeResult {
  try {
    return { ok: true, frame: codec.encode(message) };
  } catch (cause) {
    return { ok: false, problem: describe(cause), cause };
  }
}
