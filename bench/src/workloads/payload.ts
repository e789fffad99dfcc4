import type { Payload } from '../systems/types.js';

/** Characters of the string every call carries unless a workload asks for another size. */
export const DEFAULT_TEXT_LENGTH = 100;

const SENTENCE =
  'The quick brown fox jumps over the lazy dog while the benchmark counts every echoed call once. ';

const texts = new Map<number, string>();

/** An ASCII string of `length` characters (so as many bytes in UTF-8), built once per length. */
function textOf(length: number): string {
  let text = texts.get(length);
  if (text === undefined) {
    text = SENTENCE.repeat(Math.ceil(length / SENTENCE.length) + 1).slice(0, length);
    texts.set(length, text);
  }
  return text;
}

/** The payload of call number `n`, with a string of `length` characters. */
export function makePayload(n: number, length = DEFAULT_TEXT_LENGTH): Payload {
  return { n, s: textOf(length) };
}

/** Throws unless `echoed` is the answer to call number `n`: a mixed-up answer would flatter a system. */
export function assertEcho(echoed: Payload, n: number, length = DEFAULT_TEXT_LENGTH): void {
  if (echoed.n !== n || echoed.s.length !== length) {
    throw new Error(`Call ${n} was answered with ${JSON.stringify(echoed).slice(0, 80)}`);
  }
}
