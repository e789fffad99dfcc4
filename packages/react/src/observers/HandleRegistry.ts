/**
 * Shared entries (one server subscription, one query) by procedure handle and input hash. Handles
 * belong to one client, so entries never mix clients.
 */
export class HandleRegistry<TEntry> {
  readonly #entries = new WeakMap<object, Map<string, TEntry>>();

  /** The entry for a handle and input hash, if one is live. */
  peek(handle: object, key: string): TEntry | undefined {
    return this.#entries.get(handle)?.get(key);
  }

  /** The live entry for a handle and input hash, made with `create` when there is none. */
  get(handle: object, key: string, create: () => TEntry): TEntry {
    let byKey = this.#entries.get(handle);
    if (!byKey) {
      byKey = new Map();
      this.#entries.set(handle, byKey);
    }
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = create();
      byKey.set(key, entry);
    }
    return entry;
  }

  /** Forgets `entry` (and only it: a newer entry under the same key stays). */
  delete(handle: object, key: string, entry: TEntry): void {
    const byKey = this.#entries.get(handle);
    if (byKey?.get(key) === entry) byKey.delete(key);
  }
}
