import { describe, expect, it } from 'vitest';
import type { Timers } from '../connection/timers.js';
import { CallDeadlines, type Expiring } from './CallDeadlines.js';

/** Timers driven by hand, with a clock that moves only when told. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers & { armed: number } = {
    armed: 0,
    setTimeout(callback, ms) {
      timers.armed++;
      const id = nextId++;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
    now: () => now,
  };
  return {
    timers,
    live: () => pending.size,
    /** Moves the clock and fires what is due, in order. */
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...pending]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = end;
    },
  };
}

function entry(log: string[], name: string): Expiring {
  return { expiresAt: 0, expire: () => log.push(name) };
}

describe('CallDeadlines', () => {
  it('expires calls of one timeout in order with one timer for all of them', () => {
    const clock = manualTimers();
    const deadlines = new CallDeadlines(clock.timers, clock.timers.now as () => number);
    const log: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      deadlines.add(entry(log, `c${i}`), 100);
      clock.advance(0.05);
    }
    expect(clock.timers.armed).toBe(1);
    clock.advance(50);
    expect(log).toEqual([]);
    clock.advance(60);
    expect(log).toHaveLength(1_000);
    expect(log.slice(0, 3)).toEqual(['c0', 'c1', 'c2']);
    expect(clock.live()).toBe(0);
  });

  it('does not expire calls that settled, and re-arms for the next one still waiting', () => {
    const clock = manualTimers();
    const deadlines = new CallDeadlines(clock.timers, clock.timers.now as () => number);
    const log: string[] = [];
    const first = entry(log, 'first');
    deadlines.add(first, 100);
    clock.advance(40);
    deadlines.add(entry(log, 'second'), 100);
    deadlines.remove(first);
    clock.advance(60);
    expect(log).toEqual([]);
    clock.advance(39);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual(['second']);
  });

  it('expires the rest in order when calls leave from the front, the middle and the end', () => {
    const clock = manualTimers();
    const deadlines = new CallDeadlines(clock.timers, clock.timers.now as () => number);
    const log: string[] = [];
    const entries = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => entry(log, name));
    for (const waiting of entries) {
      deadlines.add(waiting, 100);
      clock.advance(1);
    }
    for (const index of [0, 2, 5]) deadlines.remove(entries[index] as Expiring);
    // Removing twice, or after expiring, changes nothing.
    deadlines.remove(entries[2] as Expiring);
    clock.advance(100);
    expect(log).toEqual(['b', 'd', 'e']);
    deadlines.remove(entries[1] as Expiring);
    expect(clock.live()).toBe(0);
  });

  it('skips a call that settled while another of its lane expired', () => {
    const clock = manualTimers();
    const deadlines = new CallDeadlines(clock.timers, clock.timers.now as () => number);
    const log: string[] = [];
    const second = entry(log, 'second');
    deadlines.add(
      {
        expiresAt: 0,
        expire: () => {
          log.push('first');
          deadlines.remove(second);
        },
      },
      100,
    );
    deadlines.add(second, 100);
    deadlines.add(entry(log, 'third'), 100);
    clock.advance(100);
    expect(log).toEqual(['first', 'third']);
  });

  it('keeps separate lanes for separate timeouts', () => {
    const clock = manualTimers();
    const deadlines = new CallDeadlines(clock.timers, clock.timers.now as () => number);
    const log: string[] = [];
    deadlines.add(entry(log, 'slow'), 1_000);
    deadlines.add(entry(log, 'fast'), 10);
    deadlines.add(entry(log, 'now'), 0);
    clock.advance(0);
    expect(log).toEqual(['now']);
    clock.advance(10);
    expect(log).toEqual(['now', 'fast']);
    clock.advance(990);
    expect(log).toEqual(['now', 'fast', 'slow']);
  });

  it('arms no second timer for a call added while its lane expires others', () => {
    const clock = manualTimers();
    const deadlines = new CallDeadlines(clock.timers, clock.timers.now as () => number);
    const log: string[] = [];
    deadlines.add(
      {
        expiresAt: 0,
        expire: () => {
          log.push('first');
          deadlines.add(entry(log, 'retry'), 100);
        },
      },
      100,
    );
    clock.advance(100);
    expect(clock.live()).toBe(1);
    clock.advance(100);
    expect(log).toEqual(['first', 'retry']);
    expect(clock.live()).toBe(0);
  });

  it('stops every timer on clear', () => {
    const clock = manualTimers();
    const deadlines = new CallDeadlines(clock.timers, clock.timers.now as () => number);
    const log: string[] = [];
    deadlines.add(entry(log, 'a'), 10);
    deadlines.add(entry(log, 'b'), 20);
    deadlines.clear();
    expect(clock.live()).toBe(0);
    clock.advance(100);
    expect(log).toEqual([]);
  });
});
