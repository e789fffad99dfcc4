import type { SerializedRpcError } from '@wirecall/core';

/** How a mutation ended: what a retry with the same idempotency key is answered with. */
export type MutationOutcome =
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly error: SerializedRpcError };

/** What {@link DedupeStore.claim} found. */
export type DedupeClaim =
  /** First time this key is seen: run the mutation, then `settle` the key. */
  | { readonly claimed: true }
  /** Seen before: answer with this outcome (awaited if the first run is still going). */
  | { readonly claimed: false; readonly outcome: MutationOutcome };

/** What the server tells a {@link DedupeStore} about a key besides the key itself. */
export interface DedupeClaimInfo {
  /**
   * Whose key it is: the connection's `identity` when the server derives one, else its session
   * id. Keys of one scope share a bound in stores that have one, so one client cannot fill the
   * store for all. Already part of the key: a store need not add it.
   */
  readonly scope: string;
}

/**
 * Remembers the outcome of mutations by idempotency key, so a mutation re-sent after a reconnect
 * runs at most once. Keys are scoped by the server-derived `identity` of the connection (when
 * the server's `identity` option gives one) and the client's session id. The server's default
 * keeps them in memory (lost on restart); the Redis adapter keeps them across instances.
 *
 * Either method may fail (a store that is unreachable): a failed `claim` means the mutation does
 * not run and the client is told `UNAVAILABLE`; a failed `settle` happens after the mutation ran,
 * so the client still gets its outcome, and the store must keep the key claimed (a retry then
 * waits, or gets `OUTCOME_UNKNOWN`) rather than let a retry run it again.
 */
export interface DedupeStore {
  /** Claims a key, or returns the outcome of the run that claimed it first (waiting for it to end). */
  claim(key: string, info?: DedupeClaimInfo): Promise<DedupeClaim>;
  /** Records the outcome of the run that claimed `key`, and answers anyone waiting for it. */
  settle(key: string, outcome: MutationOutcome): Promise<void>;
}
