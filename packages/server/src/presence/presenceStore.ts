/**
 * One connection's place in a room. A member (one user, say) may have several entries (one per
 * tab): it stays in the room while any of them is there.
 */
export interface PresenceEntry {
  /** Unique in the room and the same across the connection's reconnects. */
  readonly key: string;
  /** The member this entry belongs to. */
  readonly member: string;
  /** The state this entry shares, already validated against the contract. */
  readonly state: unknown;
}

/**
 * One change of a room, numbered: `seq` grows by one with every change of the room, in the
 * order every watcher sees them. An `event` (published by server code) is no change of the
 * members and has no `seq`, but reaches watchers in the same order as the changes around it.
 */
export type PresenceChange =
  | { readonly seq: number; readonly set: PresenceEntry }
  | { readonly seq: number; readonly remove: string }
  | { readonly event: unknown };

/** A room's entries as of change `seq`. */
export interface PresenceSnapshot {
  readonly seq: number;
  readonly entries: readonly PresenceEntry[];
}

/**
 * Where a server keeps who is in which room: `memoryPresence()` for one process (the default),
 * `redisPresence()` from `@wirecall/redis` for many. An entry is held by the store's instance
 * that set it; an instance that stops proving it is alive loses its entries.
 */
export interface PresenceStore {
  /**
   * Adds an entry, or replaces the one with its key (and takes it over from the instance that
   * held it). Resolves with the change's `seq`, or `'full'` when the room already has
   * `maxEntries` other entries.
   */
  set(room: string, entry: PresenceEntry, maxEntries: number): Promise<number | 'full'>;
  /** Removes an entry, unless another instance has taken it over meanwhile. */
  remove(room: string, key: string): Promise<void>;
  /** The room's live entries (dropping, and announcing the removal of, those of dead instances). */
  snapshot(room: string): Promise<PresenceSnapshot>;
  /**
   * Sends `event` to every watcher of the room, on every instance, in order with its changes.
   * Resolves once sent (not once received).
   */
  publish(room: string, event: unknown): Promise<void>;
  /**
   * Calls `listener` with every change of the room from now on, in order; resolves once the
   * store is listening, with the function that stops it.
   */
  watch(room: string, listener: (change: PresenceChange) => void): Promise<() => void>;
  /**
   * Stops proving this instance alive. `leave` removes its entries at once; otherwise other
   * instances drop them when its liveness lapses, unless their clients rejoin elsewhere first.
   */
  close(options?: { readonly leave?: boolean }): Promise<void>;
}
