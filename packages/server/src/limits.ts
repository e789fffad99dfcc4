import { type ConnectionLimits, DEFAULT_HIGH_WATER_MARK } from '@wirecall/core';

/** The server's limits, each with a safe default; set any of them in {@link ServerOptions}. */
export interface ServerLimits extends ConnectionLimits {
  /**
   * Connections served at once; one more is closed with 1013 (try again later) and a
   * `retry-after` hint. @default 10_000
   */
  readonly maxConnections: number;
  /**
   * Connections still in the handshake (no `welcome` yet) at once, counted apart from
   * `maxConnections`: sockets that never say `hello` cannot take the slots of authenticated
   * connections. One more is closed with 1013 and a `retry-after` hint. @default 1_000
   */
  readonly maxHandshakes: number;
  /**
   * Connections in the handshake at once from one remote address, so one host cannot take the
   * whole `maxHandshakes` budget. Behind a reverse proxy every connection has the proxy's
   * address: raise it to `maxHandshakes` there. @default 200
   */
  readonly maxHandshakesPerIp: number;
  /**
   * Pings answered per connection and second; pings beyond it get no `pong`. A client pings
   * once per heartbeat interval (10 s by default), so only a flood reaches it. @default 10
   */
  readonly maxPingsPerSecond: number;
  /**
   * Frames a connection may send per second, of any kind and counted before they are decoded,
   * with bursts of 20 ms' worth; a connection past it is slowed (its socket paused for a moment,
   * none of its frames lost), and one that keeps flooding is closed with 4430 (too many frames),
   * so it cannot slow the others. A client batches what it sends in one tick into one
   * frame, but a fast client still sends many (batches are at most 2,048 characters): at 10,000 a
   * client pushing 64 calls in flight was cut off, so the default leaves room for 100,000+ calls
   * a second on one socket; set it lower where no client needs that. @default 100_000
   */
  readonly maxFramesPerSecond: number;
  /** Milliseconds a new connection has to send `hello` and be accepted (4408). @default 10_000 */
  readonly handshakeTimeoutMs: number;
  /**
   * Milliseconds a connection may run no call or subscription before it is closed with 4001
   * (idle timeout); 0 keeps idle connections open. @default 0
   */
  readonly idleTimeoutMs: number;
  /**
   * Bytes a socket may have queued (answers, events, pongs: everything the server sends it)
   * before the server stops pulling events and sending answers for it: one slow socket never
   * makes the server buffer more than about this plus one message for it. @default 1_048_576
   */
  readonly highWaterMark: number;
  /**
   * Milliseconds a socket may stay above its high-water mark before it is closed with 4429 (slow
   * consumer); its subscriptions resume when it reconnects. @default 30_000
   */
  readonly slowSocketTimeoutMs: number;
}

/** The defaults of {@link ServerLimits}. */
export const defaultLimits: ServerLimits = {
  maxConnections: 10_000,
  maxHandshakes: 1_000,
  maxHandshakesPerIp: 200,
  maxPingsPerSecond: 10,
  maxFramesPerSecond: 100_000,
  maxCallsInFlight: 64,
  maxSubscriptions: 1_000,
  maxMessageBytes: 1_048_576,
  handshakeTimeoutMs: 10_000,
  idleTimeoutMs: 0,
  highWaterMark: DEFAULT_HIGH_WATER_MARK,
  slowSocketTimeoutMs: 30_000,
};

/** Fills unset limits with their defaults; a limit that is not a positive number is a mistake. */
export function resolveLimits(options: Partial<Record<keyof ServerLimits, number>>): ServerLimits {
  const limits: Record<string, number> = { ...defaultLimits };
  for (const key of Object.keys(defaultLimits) as Array<keyof ServerLimits>) {
    const value = options[key];
    if (value === undefined) continue;
    const allowsZero = key === 'idleTimeoutMs';
    if (
      typeof value !== 'number' ||
      Number.isNaN(value) ||
      value < 0 ||
      (!allowsZero && value === 0)
    ) {
      throw new RangeError(
        `Server option "${key}" must be a positive number, got ${String(value)}`,
      );
    }
    limits[key] = value;
  }
  return limits as unknown as ServerLimits;
}
