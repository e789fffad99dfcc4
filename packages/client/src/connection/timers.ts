/** The timer functions the client uses; injectable so tests can drive time by hand. */
export interface Timers {
  /** Runs `callback` once after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by `setTimeout`. */
  clearTimeout(handle: unknown): void;
  /**
   * Milliseconds on a clock that never goes back, for deadlines. @default `performance.now()`
   */
  now?(): number;
}

/** The platform's timers, looked up on each call so test tools that replace them are honoured. */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => globalThis.performance.now(),
};
