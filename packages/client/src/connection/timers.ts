import type { Timers } from '@wirecall/core';

export type { Timers };

/** The platform's timers, looked up on each call so test tools that replace them are honoured. */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => globalThis.performance.now(),
};
