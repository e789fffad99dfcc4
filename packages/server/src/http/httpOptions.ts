/** CORS for browsers on other origins; the origins themselves are the server's `allowedOrigins`. */
export interface CorsOptions {
  /** Send `access-control-allow-credentials: true`, so cookies go with cross-origin calls. @default false */
  credentials?: boolean;
  /** Seconds browsers may cache a preflight's answer. @default 600 */
  maxAgeSeconds?: number;
}

/** Options of the HTTP transport (the server's `http` option). */
export interface HttpOptions {
  /**
   * Answer CORS preflights and mark responses for origins that `allowedOrigins` lets through;
   * `true` for the defaults. Only needed when pages on another origin call the server.
   * @default false
   */
  cors?: boolean | CorsOptions;
  /** Event streams one session (one client) may hold open at once; more get 429. @default 2 */
  maxStreamsPerSession?: number;
  /** Milliseconds between the `ping` events of a stream; clients drop a stream silent for 2.5×. @default 15_000 */
  pingIntervalMs?: number;
  /**
   * Milliseconds after which a response ends, even while nothing is ready to send: an event
   * stream (its client opens another and resumes without loss) and a POST of calls (the client
   * sends the unanswered calls again, mutations under their idempotency keys). Set it under the
   * host's time limit on serverless platforms. 0 for never. @default 0
   */
  maxDurationMs?: number;
  /** Bytes a stream's response may hold unread before events wait. @default 65_536 */
  highWaterMark?: number;
}

/** {@link HttpOptions} after defaults. */
export interface HttpSettings {
  readonly cors: Required<CorsOptions> | undefined;
  readonly maxStreamsPerSession: number;
  readonly pingIntervalMs: number;
  readonly maxDurationMs: number;
  readonly highWaterMark: number;
}

/** The defaults of {@link HttpOptions}, decided here only. */
export function resolveHttpSettings(options: HttpOptions = {}): HttpSettings {
  const cors = options.cors === true ? {} : options.cors || undefined;
  return {
    cors: cors && {
      credentials: cors.credentials ?? false,
      maxAgeSeconds: cors.maxAgeSeconds ?? 600,
    },
    maxStreamsPerSession: options.maxStreamsPerSession ?? 2,
    pingIntervalMs: options.pingIntervalMs ?? 15_000,
    maxDurationMs: options.maxDurationMs ?? 0,
    highWaterMark: options.highWaterMark ?? 65_536,
  };
}
