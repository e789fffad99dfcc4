import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveSession, MAX_HOLD_MS, type SessionWatcher } from './LiveSession.js';

/** A watcher whose evaluation is behind from `behindFrom`, counting the times it was woken. */
function watcher(
  behindFrom?: number,
): SessionWatcher & { behindFrom: number | undefined; woken: number } {
  return {
    behindFrom,
    woken: 0,
    notify() {
      this.woken++;
    },
  };
}

describe('LiveSession', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('moves to the newest invalidation only once every watcher has re-run for it', async () => {
    let current = 0;
    const session = new LiveSession(() => current);
    const a = watcher();
    const b = watcher();
    session.add(a);
    session.add(b);
    current = 3;
    a.behindFrom = 3;
    b.behindFrom = 3;
    session.update();
    expect(session.version).toBe(2);
    const answered = vi.fn();
    void session.settled(3)?.then(answered);
    a.behindFrom = undefined;
    session.update();
    expect(session.version).toBe(2);
    await vi.advanceTimersByTimeAsync(10);
    expect(answered).not.toHaveBeenCalled();
    b.behindFrom = undefined;
    session.update();
    expect(session.version).toBe(3);
    expect(a.woken).toBeGreaterThan(0);
    // A turn later: after the woken watchers have sent their results.
    expect(answered).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(answered).toHaveBeenCalledWith(3);
  });

  it('never goes back, and waits for nothing when it has no watchers', () => {
    let current = 5;
    const session = new LiveSession(() => current);
    expect(session.settled(5)).toBeUndefined();
    const late = watcher(2);
    session.add(late);
    session.update();
    expect(session.version).toBe(5);
    current = 6;
    session.update();
    expect(session.version).toBe(5);
  });

  it('moves on without a re-run that holds it back longer than MAX_HOLD_MS', async () => {
    let current = 0;
    const onEmpty = vi.fn();
    const session = new LiveSession(() => current, onEmpty);
    const stuck = watcher();
    session.add(stuck);
    current = 1;
    stuck.behindFrom = 1;
    session.update();
    const answered = vi.fn();
    void session.settled(1)?.then(answered);
    await vi.advanceTimersByTimeAsync(MAX_HOLD_MS - 10);
    expect(answered).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(session.version).toBe(1);
    expect(answered).toHaveBeenCalledWith(1);
    session.delete(stuck);
    expect(onEmpty).toHaveBeenCalledOnce();
  });
});
