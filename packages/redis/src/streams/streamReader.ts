import type { Redis } from 'ioredis';
import { ReplyError } from 'ioredis';
import type { RedisConnections } from '../connection/redisConnections.js';
import { eventOfFields } from './eventEncoding.js';
import { readAfter } from './readAfter.js';
import { resumeGap } from './resumeGap.js';
import { compareStreamIds } from './streamId.js';

/** A local subscriber of a stream, fed by the {@link StreamReader}. */
export interface StreamListener {
  /** A new entry of the stream, in order. */
  event(id: string, data: unknown): void;
  /** The stream cannot be read any more (its key holds something else than a stream). */
  fail(error: Error): void;
}

interface ReadStream {
  /** The newest id read (and dispatched) so far: the next read starts after it. */
  lastId: string;
  readonly listeners: Set<StreamListener>;
}

/** Settings of a {@link StreamReader}. */
export interface StreamReaderOptions {
  /** Longest a blocking read waits before being re-issued, in milliseconds. */
  readonly blockMs: number;
  /** Entries fetched per stream per read. */
  readonly count: number;
  /** Told about unexpected failures (the reader keeps going). */
  readonly onError: (error: Error) => void;
}

type XReadReply = Array<[key: string, entries: Array<[id: string, fields: string[]]>]> | null;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one blocking reader of a server instance: a single `XREAD BLOCK` on a dedicated connection
 * covers every stream that has local subscribers, and each entry read is handed to all of them,
 * so thousands of subscribers to a topic cost one Redis read. Survives Redis restarts: after a
 * reconnect it reads on from the last id it dispatched.
 */
export class StreamReader {
  readonly #connections: RedisConnections;
  readonly #options: StreamReaderOptions;
  readonly #streams = new Map<string, ReadStream>();
  #connection: Redis | undefined;
  #running = false;
  #reading = false;
  /** The reader connection's id on the Redis server, for `CLIENT UNBLOCK`; reset on reconnect. */
  #clientId: number | undefined;
  #unblockWanted = false;

  constructor(connections: RedisConnections, options: StreamReaderOptions) {
    this.#connections = connections;
    this.#options = options;
  }

  /**
   * Adds a listener to a stream. A stream not read yet is read from `startId` on. Returns the
   * stream's current position: every entry after it will reach the listener, entries up to it
   * already went to earlier listeners.
   */
  add(key: string, listener: StreamListener, startId: string): string {
    let stream = this.#streams.get(key);
    if (!stream) {
      stream = { lastId: startId, listeners: new Set() };
      this.#streams.set(key, stream);
      this.#refresh();
    }
    stream.listeners.add(listener);
    return stream.lastId;
  }

  /** Removes a listener; a stream without listeners is no longer read. */
  remove(key: string, listener: StreamListener): void {
    const stream = this.#streams.get(key);
    if (!stream) return;
    stream.listeners.delete(listener);
    if (stream.listeners.size === 0) this.#streams.delete(key);
  }

  /** Makes the read loop pick up a new stream: start it, or interrupt its blocking read. */
  #refresh(): void {
    if (!this.#running) {
      this.#running = true;
      void this.#run();
      return;
    }
    if (this.#reading) {
      this.#unblockWanted = true;
      this.#unblock();
    }
  }

  #unblock(): void {
    const clientId = this.#clientId;
    if (clientId === undefined || !this.#unblockWanted) return;
    this.#unblockWanted = false;
    // Where CLIENT UNBLOCK is not allowed, the new stream waits for the block timeout instead.
    this.#connections.command.client('UNBLOCK', clientId).catch(() => {});
  }

  #reader(): Redis {
    if (!this.#connection) {
      const connection = this.#connections.dedicated('stream-reader');
      // Where each stream stood when the connection dropped, to check once it is back.
      let positions: Map<string, string> | undefined;
      connection.on('close', () => {
        this.#clientId = undefined;
        positions ??= new Map([...this.#streams].map(([key, stream]) => [key, stream.lastId]));
      });
      connection.on('ready', () => {
        if (positions) void this.#verify(positions);
        positions = undefined;
      });
      this.#connection = connection;
    }
    return this.#connection;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (this.#streams.size > 0 && !this.#connections.closed) {
      const connection = this.#reader();
      const keys = [...this.#streams.keys()];
      const sent = keys.map((key) => this.#streams.get(key)!);
      let reply: XReadReply;
      try {
        this.#reading = true;
        if (this.#clientId === undefined) {
          // Sent ahead of the blocking read on the same connection, so it answers at once.
          connection.client('ID').then(
            (id) => {
              this.#clientId = id;
              if (this.#reading) this.#unblock();
            },
            () => {},
          );
        }
        reply = (await connection.xread(
          'COUNT',
          this.#options.count,
          'BLOCK',
          this.#options.blockMs,
          'STREAMS',
          ...keys,
          ...sent.map((stream) => stream.lastId),
        )) as XReadReply;
        failures = 0;
      } catch (error) {
        this.#reading = false;
        if (this.#connections.closed) break;
        if (error instanceof Error && error instanceof ReplyError)
          await this.#dropBadStreams(keys, error);
        else this.#options.onError(error instanceof Error ? error : new Error(String(error)));
        await pause(Math.min(100 * 2 ** failures++, 2_000));
        continue;
      }
      this.#reading = false;
      this.#unblockWanted = false;
      if (reply) this.#dispatch(reply, keys, sent);
    }
    this.#running = false;
    // A stream added while the loop was winding down still needs reading.
    if (this.#streams.size > 0 && !this.#connections.closed) this.#refresh();
  }

  #dispatch(reply: NonNullable<XReadReply>, keys: string[], sent: ReadStream[]): void {
    for (const [key, entries] of reply) {
      const stream = this.#streams.get(key);
      // Skip a stream whose subscribers all left (or that was re-added from another position)
      // while the read was in flight.
      if (!stream || stream !== sent[keys.indexOf(key)]) continue;
      for (const [id, fields] of entries) {
        if (compareStreamIds(id, stream.lastId) <= 0) continue;
        stream.lastId = id;
        let data: unknown;
        try {
          data = eventOfFields(fields);
        } catch (error) {
          this.#options.onError(
            new Error(`Skipped entry ${id} of "${key}": its event is not valid JSON`, {
              cause: error,
            }),
          );
          continue;
        }
        for (const listener of stream.listeners) listener.event(id, data);
      }
    }
  }

  /**
   * After a reconnect: checks that each stream still holds what follows the position read so
   * far. A Redis that restarted without its data (or a stream deleted meanwhile) cannot say what
   * was lost, so its subscribers get `RESUME_GAP` rather than continue over a possible hole.
   */
  async #verify(positions: Map<string, string>): Promise<void> {
    for (const [key, position] of positions) {
      let gap: boolean | undefined;
      for (let failures = 0; gap === undefined; failures++) {
        if (this.#connections.closed || !this.#streams.has(key)) break;
        try {
          gap = (await readAfter(this.#connections, key, position, 0)).gap;
        } catch {
          await pause(Math.min(100 * 2 ** failures, 2_000)); // Redis not quite back yet
        }
      }
      const stream = this.#streams.get(key);
      if (!gap || !stream) continue;
      this.#streams.delete(key);
      for (const listener of stream.listeners) listener.fail(resumeGap(position));
    }
  }

  /** After a read refused by Redis (a key holding another type): fails the streams at fault. */
  async #dropBadStreams(keys: string[], error: Error): Promise<void> {
    let dropped = false;
    for (const key of keys) {
      let type: string;
      try {
        type = await this.#connections.command.type(key);
      } catch {
        return;
      }
      if (type === 'stream' || type === 'none') continue;
      const stream = this.#streams.get(key);
      this.#streams.delete(key);
      dropped = true;
      const failure = new Error(`Redis key "${key}" holds a ${type}, not a stream`);
      for (const listener of stream?.listeners ?? []) listener.fail(failure);
    }
    if (!dropped) this.#options.onError(error);
  }
}
