/**
 * The live shared entries (one server subscription, one query) of one client, by procedure path
 * and input hash. An entry removes itself when it ends; a newer entry under the same key stays.
 */
export class SharedRegistry<TEntry> {
  readonly #entries = new Map<string, TEntry>();

  /** The entry for a procedure and input hash, if one is live. */
  peek(path: string, key: string): TEntry | undefined {
    return this.#entries.get(entryKey(path, key));
  }

  /** The live entry for a procedure and input hash, made with `create` when there is none. */
  get(path: string, key: string, create: () => TEntry): TEntry {
    const id = entryKey(path, key);
    let entry = this.#entries.get(id);
    if (entry === undefined) {
      entry = create();
      this.#entries.set(id, entry);
    }
    return entry;
  }

  /** Forgets `entry` (and only it: a newer entry under the same key stays). */
  delete(path: string, key: string, entry: TEntry): void {
    const id = entryKey(path, key);
    if (this.#entries.get(id) === entry) this.#entries.delete(id);
  }
}

// A path never holds a NUL character, so path and hash cannot run into each other.
function entryKey(path: string, key: string): string {
  return `${path}\u0000${key}`;
}
