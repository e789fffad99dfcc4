import type { LivePatch } from './livePatch.js';

/**
 * A live query's result as a whole, the `data` of a watch's `event`: the value and its version
 * (a hash of it, so the client can skip a result equal to the one it has).
 */
export interface LiveValueEvent {
  readonly version: string;
  readonly value: unknown;
  /** The connection's live version this result belongs to (see `liveVersion` on `result`). */
  readonly liveVersion?: number;
}

/**
 * A live query's result as a patch of the previous one, sent instead of the whole value when it
 * is much smaller: `base` is the version it applies to, `version` the version of the outcome.
 */
export interface LivePatchEvent {
  readonly version: string;
  readonly base: string;
  readonly patch: LivePatch;
  /** The connection's live version this result belongs to. */
  readonly liveVersion?: number;
}

/** The `data` of each `event` of a watch. */
export type LiveEvent = LiveValueEvent | LivePatchEvent;
