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
});
