/** Timer functions, injectable so tests can see and drive time by hand. */
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
