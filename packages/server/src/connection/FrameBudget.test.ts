import { describe, expect, it } from 'vitest';
import { FrameBudget } from './FrameBudget.js';

describe('FrameBudget', () => {
  it("passes a burst of 20 ms' worth, then refills at the rate", () => {
    const budget = new FrameBudget(1_000, 0);
    let passed = 0;
    while (budget.take(0)) passed++;
    expect(passed).toBe(20);
    expect(budget.take(0)).toBe(false);
    expect(budget.take(1)).toBe(true); // 1 ms at 1 000/s is one frame
    expect(budget.take(1)).toBe(false);
    // Idle for long: full again, never more than the burst.
    let later = 0;
    while (budget.take(60_000)) later++;
    expect(later).toBe(20);
  });

  it('keeps a burst of at least 10 for small rates', () => {
    const budget = new FrameBudget(5, 0);
    let passed = 0;
    while (budget.take(0)) passed++;
    expect(passed).toBe(10);
  });

  it('never refuses a client at a steady pace below the rate', () => {
    const budget = new FrameBudget(100, 0);
    for (let now = 0; now < 10_000; now += 11) expect(budget.take(now)).toBe(true);
  });

  it('pauses a dry bucket for half a refill, at most 100 ms', () => {
    const fast = new FrameBudget(100_000, 0);
    while (fast.take(0)) {}
    // Half of 2,000 frames at 100 frames/ms.
    expect(fast.pause(0)).toBe(10);
    const slow = new FrameBudget(1, 0);
    while (slow.take(0)) {}
    expect(slow.pause(0)).toBe(100);
  });

  it('gives up on a client that stays over budget: the fourth pause within a second is a close', () => {
    const budget = new FrameBudget(1_000, 0);
    const pauses: Array<number | undefined> = [];
    for (let i = 0; i < 4; i++) {
      while (budget.take(i)) {}
      pauses.push(budget.pause(i));
    }
    expect(pauses.slice(0, 3).every((ms) => typeof ms === 'number')).toBe(true);
    expect(pauses[3]).toBeUndefined();
  });

  it('forgives a client whose bursts are a second apart', () => {
    const budget = new FrameBudget(1_000, 0);
    for (let burst = 0; burst < 50; burst++) {
      const now = burst * 1_000;
      while (budget.take(now)) {}
      expect(budget.pause(now)).toBeTypeOf('number');
    }
  });
});
