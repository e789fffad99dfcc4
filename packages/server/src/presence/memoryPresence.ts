import type {
  PresenceChange,
  PresenceEntry,
  PresenceSnapshot,
  PresenceStore,
} from './presenceStore.js';

interface MemoryRoom {
  seq: number;
  readonly entries: Map<string, { entry: PresenceEntry; holder: MemoryPresence }>;
  readonly listeners: Set<(change: PresenceChange) => void>;
}

/** The rooms a group of in-memory stores share; one per process unless given. */
export class MemoryPresenceRooms {
  readonly rooms = new Map<string, MemoryRoom>();

  /** The room named `name`, made when first asked for. */
  room(name: string): MemoryRoom {
    let room = this.rooms.get(name);
    if (!room) {
      room = { seq: 0, entries: new Map(), listeners: new Set() };
      this.rooms.set(name, room);
    }
    return room;
  }

  /** Forgets a room nobody is in or watching; its `seq` then starts again, which no watcher sees. */
  prune(name: string, room: MemoryRoom): void {
    if (room.entries.size === 0 && room.listeners.size === 0) this.rooms.delete(name);
  }
}

/** Options of {@link memoryPresence}. */
export interface MemoryPresenceOptions {
  /**
   * Rooms to share with other in-memory stores, as several servers in one process (tests) would.
   * @default rooms of this store's own
   */
  rooms?: MemoryPresenceRooms;
}

class MemoryPresence implements PresenceStore {
  readonly #rooms: MemoryPresenceRooms;
  #closed = false;

  constructor(rooms: MemoryPresenceRooms) {
    this.#rooms = rooms;
  }

  async set(name: string, entry: PresenceEntry, maxEntries: number): Promise<number | 'full'> {
    const room = this.#rooms.room(name);
    if (!room.entries.has(entry.key) && room.entries.size >= maxEntries) {
      this.#rooms.prune(name, room);
      return 'full';
    }
    room.entries.set(entry.key, { entry, holder: this });
    return this.#emit(room, { seq: ++room.seq, set: entry });
  }

  async remove(name: string, key: string): Promise<void> {
    const room = this.#rooms.rooms.get(name);
    if (room?.entries.get(key)?.holder !== this) return;
    room.entries.delete(key);
    this.#emit(room, { seq: ++room.seq, remove: key });
    this.#rooms.prune(name, room);
  }

  async publish(name: string, event: unknown): Promise<void> {
    const room = this.#rooms.rooms.get(name);
    if (room) for (const listener of [...room.listeners]) listener({ event });
  }

  async snapshot(name: string): Promise<PresenceSnapshot> {
    const room = this.#rooms.rooms.get(name);
    if (!room) return { seq: 0, entries: [] };
    return { seq: room.seq, entries: [...room.entries.values()].map(({ entry }) => entry) };
  }

  async watch(name: string, listener: (change: PresenceChange) => void): Promise<() => void> {
    const room = this.#rooms.room(name);
    room.listeners.add(listener);
    return () => {
      room.listeners.delete(listener);
      this.#rooms.prune(name, room);
    };
  }

  async close(options: { readonly leave?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // In one process nobody outlives this store's server but the servers sharing its rooms: to
    // them the entries of a closed store are ghosts unless asked to stay for a rejoin.
    if (options.leave === false) return;
    for (const [name, room] of [...this.#rooms.rooms]) {
      for (const [key, held] of [...room.entries])
        if (held.holder === this) await this.remove(name, key);
    }
  }

  #emit(room: MemoryRoom, change: PresenceChange & { readonly seq: number }): number {
    for (const listener of [...room.listeners]) listener(change);
    return change.seq;
  }
}

/**
 * A {@link PresenceStore} in this process's memory: the default, right for one server. Servers
 * in one process can share rooms by passing the same {@link MemoryPresenceRooms}.
 */
export function memoryPresence(options: MemoryPresenceOptions = {}): PresenceStore {
  return new MemoryPresence(options.rooms ?? new MemoryPresenceRooms());
}
