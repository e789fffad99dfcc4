import type { RateLimitCheck } from './rateLimitStore.js';

/** Who hears of a connection's rate-limit checks: its transport, to answer with headers. */
export interface RateLimitListener {
  readonly rateLimited?: ((check: RateLimitCheck) => void) | undefined;
}

/** The listeners of the connections that middleware sees, by the object it is given. */
const listeners = new WeakMap<object, RateLimitListener>();

/** Makes the `connection` a middleware gets tell `listener` of the checks made on it. */
export function listenForRateLimits(connection: object, listener: RateLimitListener): void {
  listeners.set(connection, listener);
}

/**
 * Tells the transport of the request's connection of a rate-limit check, so that HTTP can
 * answer with `RateLimit-*` and `Retry-After` headers. Nothing for connections that do not listen.
 */
export function noteRateLimit(connection: object, check: RateLimitCheck): void {
  listeners.get(connection)?.rateLimited?.(check);
}
