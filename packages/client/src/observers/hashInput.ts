/**
 * A string that is equal for inputs that are equal by value: JSON with object keys sorted, so
 * `{ a: 1, b: 2 }` and `{ b: 2, a: 1 }` share one subscription while a new object with the same
 * content does not start another. Observers share by it; a UI binding compares it to know when an
 * input really changed and a new observer is due.
 * @throws TypeError when the input cannot be serialised (a cycle, nesting too deep for the stack).
 * @example
 * hashInput({ room: 'a', limit: 10 }) === hashInput({ limit: 10, room: 'a' }); // true
 */
export function hashInput(input: unknown): string {
  if (input === undefined) return '';
  try {
    return JSON.stringify(input, sortKeys);
  } catch (error) {
    // Circular, absurdly deep or a throwing toJSON: one clear error at the observer's creation
    // rather than JSON's TypeError or a stack overflow's RangeError.
    const reason = error instanceof Error ? error.message : String(error);
    throw new TypeError(
      `An observer's input must be plain data, compared by value (no cycles, no deep nesting): ${reason}`,
      { cause: error },
    );
  }
}

function sortKeys(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (!isPlainObject(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = value[key];
  return sorted;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
