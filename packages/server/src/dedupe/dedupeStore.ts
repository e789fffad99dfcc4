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

/**
 * Remembers the outcome of mutations by idempotency key, so a mutation re-sent after a reconnect
 * runs at most once. Keys are scoped by the client's session id. The server's default keeps them
 * in memory (lost on restart); the Redis adapter keeps them across instances.
 */
export interface DedupeStore {
  /** Claims a key, or returns the outcome of the run that claimed it first (waiting for it to end). */
  claim(key: string): Promise<DedupeClaim>;
  /** Records the outcome of the run that claimed `key`, and answers anyone waiting for it. */
  settle(key: string, outcome: MutationOutcome): Promise<void>;
}
