/** The id "before every entry": where a subscriber of a topic that never had events stands. */
export const STREAM_START = '0-0';

const pattern = /^(\d{1,20})-(\d{1,20})$/;
const maxUint64 = 2n ** 64n - 1n;

/**
 * Checks an untrusted Redis Stream id (`<milliseconds>-<sequence>`) and returns it in the form
 * Redis writes it (no leading zeros), or `undefined` for anything else: an id from another pub/sub
 * or garbage a client sent.
 */
export function canonicalStreamId(id: string): string | undefined {
  const match = pattern.exec(id);
  if (!match) return undefined;
  const ms = BigInt(match[1]!);
  const seq = BigInt(match[2]!);
  if (ms > maxUint64 || seq > maxUint64) return undefined;
  return `${ms}-${seq}`;
}

/** Compares two decimal numbers without leading zeros, as strings (no BigInt on the hot path). */
function compareDecimals(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders two stream ids in canonical form (as Redis returns them, or from
 * {@link canonicalStreamId}): negative when `a` comes first, 0 when equal.
 */
export function compareStreamIds(a: string, b: string): number {
  const dashA = a.indexOf('-');
  const dashB = b.indexOf('-');
  return (
    compareDecimals(a.slice(0, dashA), b.slice(0, dashB)) ||
    compareDecimals(a.slice(dashA + 1), b.slice(dashB + 1))
  );
}
