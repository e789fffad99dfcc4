import { ErrorCode, RpcError } from '@wirecall/server';
import { Redis, ReplyError } from 'ioredis';

/**
 * Where the adapter finds Redis: a URL (the adapter opens and closes its own connections), or a
 * client of your own (the adapter duplicates it for its blocking reads and never closes it).
 */
export type RedisSource =
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  | { readonly url: string; readonly client?: undefined }
  /** An ioredis client; its options (host, TLS, auth) are reused for the adapter's connections. */
  | { readonly client: Redis; readonly url?: undefined };

/** Options every Redis adapter takes besides its {@link RedisSource}. */
export interface RedisCommonOptions {
  /** Prefix of every key and channel the adapter uses, to share one Redis between apps. @default 'wirecall:' */
  keyPrefix?: string;
  /**
   * How long a command waits for Redis (to connect, then to answer) before the caller gets an
   * `UNAVAILABLE` error. @default 5_000
   */
  commandTimeoutMs?: number;
  /**
   * Told about connection problems, once per outage (the adapter keeps reconnecting on its own).
   * @default a warning on stderr
   */
  onError?: (error: Error) => void;
}

/** The error callers get when Redis cannot be reached. */
function unavailable(cause: unknown): RpcError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new RpcError(ErrorCode.UNAVAILABLE, undefined, {
    message: `Redis is unavailable${detail}`,
    cause,
  });
}

const defaultOnError = (error: Error) => {
  console.warn(`[wirecall/redis] ${error.message} (reconnecting)`);
};

/** Reconnect quickly at first, then every 2 s at most, forever: the adapter never gives up. */
const retryStrategy = (attempt: number) => Math.min(50 * 2 ** attempt, 2_000);

/**
 * The connections of one adapter: one for commands (shared by every caller of this server
 * instance) plus dedicated ones for blocking reads and pub/sub. Never lets an `error` event go
 * unhandled, and turns connection failures into `UNAVAILABLE` errors.
 */
export class RedisConnections {
  /** The connection for ordinary commands. */
  readonly command: Redis;
  readonly #commandTimeoutMs: number;
  readonly keyPrefix: string;
  readonly #owned: boolean;
  readonly #dedicated = new Set<Redis>();
  readonly #onError: (error: Error) => void;
  #healthy = true;
  #readyWaiter: Promise<void> | undefined;
  #closed = false;

  constructor(source: RedisSource | string, options: RedisCommonOptions) {
    this.#commandTimeoutMs = options.commandTimeoutMs ?? 5_000;
    this.keyPrefix = options.keyPrefix ?? 'wirecall:';
    this.#onError = options.onError ?? defaultOnError;
    const resolved = typeof source === 'string' ? { url: source } : source;
    if (resolved.client) {
      this.command = resolved.client;
      this.#owned = false;
    } else if (typeof resolved.url === 'string') {
      // A command whose connection dies under it fails at once (UNAVAILABLE) instead of being
      // re-sent after the reconnect: a re-sent XADD that had already run would publish twice.
      this.command = new Redis(resolved.url, { retryStrategy, maxRetriesPerRequest: 0 });
      this.#owned = true;
      this.#watch(this.command);
    } else {
      throw new TypeError('@wirecall/redis needs a Redis `url` or an ioredis `client`');
    }
  }

  /**
   * A connection of its own, for blocking reads or pub/sub: commands wait through reconnects
   * instead of failing, and ioredis re-subscribes channels after a reconnect.
   */
  dedicated(name: string): Redis {
    const connection = this.command.duplicate({
      retryStrategy,
      maxRetriesPerRequest: null,
      // Named after the client's own name, so `CLIENT LIST` shows whose connections these are.
      connectionName: `${this.command.options.connectionName || 'wirecall'}:${name}`,
      lazyConnect: false,
    });
    this.#dedicated.add(connection);
    this.#watch(connection);
    return connection;
  }

  /** Runs commands, turning a lost or unreachable Redis into an `UNAVAILABLE` error. */
  async run<T>(commands: (redis: Redis) => Promise<T>): Promise<T> {
    if (this.#closed) throw unavailable(new Error('the adapter was closed'));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.#commandTimeoutMs} ms`)),
        this.#commandTimeoutMs,
      );
    });
    try {
      const ready = this.#ready();
      if (ready) await Promise.race([ready, timeout]);
      return await Promise.race([commands(this.command), timeout]);
    } catch (error) {
      // Redis answered with an error: a bug or a misconfiguration, not an outage.
      if (error instanceof ReplyError) throw error;
      throw unavailable(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connections this adapter opened (a client you passed in stays open). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Dedicated connections sit in blocking reads: drop them rather than queue a QUIT behind.
    for (const connection of this.#dedicated) connection.disconnect();
    this.#dedicated.clear();
    if (this.#owned) await closeConnection(this.command);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves once the command connection is ready; one waiter per outage, shared by all. */
  #ready(): Promise<void> | undefined {
    const redis = this.command;
    if (redis.status === 'ready' || redis.status === 'wait') return undefined;
    if (redis.status === 'end') throw new Error('the Redis client was closed');
    this.#readyWaiter ??= new Promise<void>((resolve) => {
      redis.once('ready', () => {
        this.#readyWaiter = undefined;
        resolve();
      });
    });
    return this.#readyWaiter;
  }

  /** Reports the first error of an outage, and stays silent until the connection is back. */
  #watch(connection: Redis): void {
    connection.on('error', (error: Error) => {
      if (this.#closed || !this.#healthy) return;
      this.#healthy = false;
      this.#onError(error);
    });
    connection.on('ready', () => {
      this.#healthy = true;
    });
  }
}

/** Quits politely, or drops the connection when Redis is not there to answer. */
async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  try {
    await Promise.race([
      connection.quit(),
      new Promise((resolve) => setTimeout(resolve, 1_000).unref()),
    ]);
  } catch {
    // Already gone.
  } finally {
    connection.disconnect();
  }
}
