import type {
  PresenceChange,
  PresenceEntry,
  PresenceSnapshot,
  PresenceStore,
} from '@wirecall/server';
import type { Redis } from 'ioredis';
import {
  type RedisCommonOptions,
  RedisConnections,
  type RedisSource,
} from '../connection/redisConnections.js';
import { removeScript, setScript, snapshotScript } from './presenceScripts.js';

/** Options of {@link redisPresence}: a {@link RedisSource} (`url` or `client`) plus these. */
export interface RedisPresenceSettings extends RedisCommonOptions {
  /**
   * How long this instance counts as alive after its last heartbeat, in milliseconds (it beats
   * every third of it). Once it lapses (a crash, a `kill -9`), other instances drop its members
   * at their next sweep (the server's `presence.sweepMs`). @default 15_000
   */
  ttlMs?: number;
  /** A room nothing changed in for this long is deleted, with any leftovers. @default 86_400_000 (one day) */
  roomTtlMs?: number;
}

/** Options of {@link redisPresence}. */
export type RedisPresenceOptions = RedisSource & RedisPresenceSettings;

/** A {@link PresenceStore} on Redis, to close when the server shuts down (the server does). */
export interface RedisPresenceStore extends PresenceStore, AsyncDisposable {}

type Listener = (change: PresenceChange) => void;

class RedisPresence implements RedisPresenceStore {
  readonly #connections: RedisConnections;
  readonly #prefix: string;
  readonly #holder = crypto.randomUUID();
  readonly #ttlMs: number;
  readonly #roomTtlMs: number;
  readonly #heartbeat: ReturnType<typeof setInterval>;
  /** Local watchers by channel. */
  readonly #watchers = new Map<string, Set<Listener>>();
  /** The entries this instance set, by room: what `close({ leave: true })` removes. */
  readonly #held = new Map<string, Set<string>>();
  #subscriber: Redis | undefined;

  constructor(options: RedisPresenceOptions) {
    this.#connections = new RedisConnections(options, options);
    this.#prefix = `${this.#connections.keyPrefix}presence:`;
    this.#ttlMs = options.ttlMs ?? 15_000;
    this.#roomTtlMs = options.roomTtlMs ?? 86_400_000;
    if (!Number.isSafeInteger(this.#ttlMs) || this.#ttlMs < 30)
      throw new TypeError('redisPresence: ttlMs must be a whole number of at least 30');
    this.#heartbeat = setInterval(
      () => {
        this.#connections
          .run((redis) => redis.set(this.#heartbeatKey, '1', 'PX', this.#ttlMs))
          .catch(() => {});
      },
      Math.floor(this.#ttlMs / 3),
    );
    this.#heartbeat.unref?.();
  }

  get #heartbeatKey(): string {
    return `${this.#prefix}h:${this.#holder}`;
  }

  #keys(room: string): [entries: string, holders: string, seq: string] {
    return [`${this.#prefix}r:${room}`, `${this.#prefix}o:${room}`, `${this.#prefix}s:${room}`];
  }

  #channel(room: string): string {
    return `${this.#prefix}c:${room}`;
  }

  async set(room: string, entry: PresenceEntry, maxEntries: number): Promise<number | 'full'> {
    const value = JSON.stringify({ m: entry.member, s: entry.state });
    const seq = await this.#connections.run((redis) =>
      setScript.run(
        redis,
        [...this.#keys(room), this.#heartbeatKey],
        [
          entry.key,
          value,
          maxEntries,
          this.#channel(room),
          this.#holder,
          this.#ttlMs,
          this.#roomTtlMs,
        ],
      ),
    );
    if (seq === -1) return 'full';
    const held = this.#held.get(room) ?? new Set<string>();
    this.#held.set(room, held);
    held.add(entry.key);
    return Number(seq);
  }

  async remove(room: string, key: string): Promise<void> {
    const held = this.#held.get(room);
    held?.delete(key);
    if (held?.size === 0) this.#held.delete(room);
    await this.#connections.run((redis) =>
      removeScript.run(redis, this.#keys(room), [key, this.#holder, this.#channel(room)]),
    );
  }

  async publish(room: string, event: unknown): Promise<void> {
    // On the room's channel, so watchers get it in order with the changes the scripts publish.
    const text = JSON.stringify({ e: event ?? null });
    await this.#connections.run((redis) => redis.publish(this.#channel(room), text));
  }

  async snapshot(room: string): Promise<PresenceSnapshot> {
    const reply = (await this.#connections.run((redis) =>
      snapshotScript.run(redis, this.#keys(room), [`${this.#prefix}h:`, this.#channel(room)]),
    )) as [number, ...string[]];
    const [seq, ...flat] = reply;
    const entries: PresenceEntry[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const entry = decodeEntry(flat[i] as string, flat[i + 1] as string);
      if (entry) entries.push(entry);
    }
    return { seq: Number(seq), entries };
  }

  async watch(room: string, listener: Listener): Promise<() => void> {
    const channel = this.#channel(room);
    let listeners = this.#watchers.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.#watchers.set(channel, listeners);
    }
    listeners.add(listener);
    // Resolves once Redis confirmed the subscription: changes from then on reach the listener.
    await this.#subscriberNow().subscribe(channel);
    return () => {
      const current = this.#watchers.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.#watchers.delete(channel);
      this.#subscriber?.unsubscribe(channel).catch(() => {});
    };
  }

  async close(options: { readonly leave?: boolean } = {}): Promise<void> {
    if (this.#connections.closed) return;
    clearInterval(this.#heartbeat);
    if (options.leave) {
      const held = [...this.#held].flatMap(([room, keys]) => [...keys].map((key) => [room, key]));
      await Promise.all(
        held.map(([room, key]) => this.remove(room as string, key as string)),
      ).catch(() => {});
      await this.#connections.run((redis) => redis.del(this.#heartbeatKey)).catch(() => {});
    }
    this.#watchers.clear();
    await this.#connections.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #subscriberNow(): Redis {
    if (this.#subscriber) return this.#subscriber;
    const subscriber = this.#connections.dedicated('presence');
    subscriber.on('message', (channel: string, text: string) => {
      const listeners = this.#watchers.get(channel);
      if (!listeners) return;
      const change = decodeChange(text);
      if (change) for (const listener of [...listeners]) listener(change);
    });
    this.#subscriber = subscriber;
    return subscriber;
  }
}

function decodeEntry(key: string, value: string): PresenceEntry | undefined {
  try {
    const { m, s } = JSON.parse(value) as { m: string; s: unknown };
    return { key, member: m, state: s };
  } catch {
    return undefined;
  }
}

function decodeChange(text: string): PresenceChange | undefined {
  try {
    const parsed = JSON.parse(text) as [number, string, string | false] | { e: unknown };
    if (!Array.isArray(parsed)) return 'e' in parsed ? { event: parsed.e } : undefined;
    const [seq, key, value] = parsed;
    if (value === false) return { seq, remove: key };
    const entry = decodeEntry(key, value);
    return entry ? { seq, set: entry } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A presence store on Redis, shared by every server instance on it: members are in the store, so
 * a late joiner's list never waits for other instances; an instance proves it is alive with a
 * heartbeat key (`ttlMs`), and the members of one that stops are dropped everywhere.
 * @example
 * createServer(api, { presence: redisPresence({ url: 'redis://127.0.0.1:6379' }), handlers });
 */
export function redisPresence(options: RedisPresenceOptions): RedisPresenceStore {
  return new RedisPresence(options);
}
