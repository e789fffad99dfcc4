import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer } from './IdleTimer.js';

describe('IdleTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once the connection has been idle for the whole timeout', () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(1_000, onIdle);
    timer.idle();
    vi.advanceTimersByTime(999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts from the end of the last call, with one timer however many calls ran', () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(1_000, onIdle);
    timer.idle();
    for (let call = 0; call < 100; call++) {
      vi.advanceTimersByTime(5);
      timer.busy();
      timer.idle();
    }
    expect(vi.getTimerCount()).toBe(1);
    // 500 ms after the first `idle`, the last call ended: the countdown runs from there.
    vi.advanceTimersByTime(999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('never fires while something runs, and starts again when it ends', () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(1_000, onIdle);
    timer.idle();
    timer.busy();
    vi.advanceTimersByTime(5_000);
    expect(onIdle).not.toHaveBeenCalled();
    timer.idle();
    vi.advanceTimersByTime(1_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('does nothing with a timeout of 0 or once stopped', () => {
    const off = vi.fn();
    new IdleTimer(0, off).idle();
    const stopped = vi.fn();
    const timer = new IdleTimer(1_000, stopped);
    timer.idle();
    timer.stop();
    vi.advanceTimersByTime(5_000);
    expect(off).not.toHaveBeenCalled();
    expect(stopped).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
