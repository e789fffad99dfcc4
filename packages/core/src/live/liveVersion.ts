/**
 * A stable text of a JSON-like value: object keys sorted, so `{ a, b }` and `{ b, a }` read the
 * same. Values JSON cannot say (undefined, functions) read as JSON.stringify says them.
 */
export function stableText(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) => {
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(inner).sort())
        sorted[key] = (inner as Record<string, unknown>)[key];
      return sorted;
    }) ?? 'undefined'
  );
}

/**
 * A 53-bit hash of a text (cyrb53, two 32-bit lanes), in base 36. Not for security: it tells
 * whether a live result changed, where a collision costs one skipped update of an equal-looking
 * value, about one in 2^53.
 */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The version of a live result: equal results have equal versions, so unchanged ones are not re-sent. */
export function versionOf(value: unknown): string {
  return hashText(stableText(value));
}
