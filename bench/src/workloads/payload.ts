import type { Payload } from '../systems/types.js';

/** The 100-character string every call carries. */
const TEXT =
  'The quick brown fox jumps over the lazy dog while the benchmark counts every echoed call once. '
    .padEnd(100, '.')
    .slice(0, 100);

/** The payload of call number `n`. */
export function makePayload(n: number): Payload {
  return { n, s: TEXT };
}

/** Throws unless `echoed` is the answer to call number `n`: a mixed-up answer would flatter a system. */
export function assertEcho(echoed: Payload, n: number): void {
  if (echoed.n !== n || echoed.s.length !== 100) {
    throw new Error(`Call ${n} was answered with ${JSON.stringify(echoed).slice(0, 80)}`);
  }
}
