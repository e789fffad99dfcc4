/**
 * Keys that reach an object's prototype when assigned (`__proto__`) or that code reads as its
 * class (`constructor`, `prototype`). JSON and MessagePack decode them as ordinary own keys, so
 * connection params may carry them; copied with `=` or `Object.assign`, `{"__proto__": {...}}`
 * would replace the target's prototype.
 */
const PROTOTYPE_KEYS: ReadonlySet<PropertyKey> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `key` is one of the keys a context or params object must not carry. */
export function isPrototypeKey(key: PropertyKey): boolean {
  return PROTOTYPE_KEYS.has(key);
}

/** Whether `value` has an own `__proto__`, `constructor` or `prototype` key. */
export function hasPrototypeKey(value: object): boolean {
  return (
    Object.hasOwn(value, '__proto__') ||
    Object.hasOwn(value, 'constructor') ||
    Object.hasOwn(value, 'prototype')
  );
}

/**
 * Deletes `__proto__`, `constructor` and `prototype` keys at any depth of a freshly decoded
 * value (the client's params), so a context built from them cannot change a prototype however
 * it copies them. Iterative: params nested thousands of levels deep must not overflow the stack.
 * Returns `value` itself.
 */
export function dropPrototypeKeys<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const pending: object[] = [value];
  const seen = new Set<object>();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    // Decoded values have no cycles, but a codec of the user's might share objects.
    if (seen.has(next)) continue;
    seen.add(next);
    if (!Array.isArray(next) && hasPrototypeKey(next)) {
      for (const key of PROTOTYPE_KEYS) Reflect.deleteProperty(next, key);
    }
    for (const child of Object.values(next)) {
      // Binary data has no keys to drop, only (many) indices.
      if (typeof child === 'object' && child !== null && !ArrayBuffer.isView(child)) {
        pending.push(child);
      }
    }
  }
  return value;
}
