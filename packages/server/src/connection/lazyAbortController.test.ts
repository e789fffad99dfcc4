import { describe, expect, it } from 'vitest';
import { LazyAbortController } from './lazyAbortController.js';

describe('LazyAbortController', () => {
  it('gives an already aborted signal, with the reason, when aborted before the first read', () => {
    const abort = new LazyAbortController();
    const reason = new Error('gone');
    abort.abort(reason);
    expect(abort.aborted).toBe(true);
    expect(abort.signal.aborted).toBe(true);
    expect(abort.signal.reason).toBe(reason);
  });

  it('aborts a signal read earlier, once, and returns the same signal each time', () => {
    const abort = new LazyAbortController();
    const signal = abort.signal;
    expect(abort.signal).toBe(signal);
    let events = 0;
    signal.addEventListener('abort', () => events++);
    abort.abort('first');
    abort.abort('second');
    expect(events).toBe(1);
    expect(signal.reason).toBe('first');
  });
});
