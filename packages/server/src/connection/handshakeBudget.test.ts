import { describe, expect, it } from 'vitest';
import { HandshakeBudget } from './handshakeBudget.js';

describe('HandshakeBudget', () => {
  it('gives at most max slots, and at most maxPerAddress to one address', () => {
    const budget = new HandshakeBudget(3, 2);
    expect([budget.take('a'), budget.take('a'), budget.take('a')]).toEqual([true, true, false]);
    expect([budget.take('b'), budget.take('c')]).toEqual([true, false]);
    expect(budget.pending).toBe(3);
  });

  it('takes slots back, and forgets an address once it has none', () => {
    const budget = new HandshakeBudget(2, 2);
    budget.take('a');
    budget.take('a');
    budget.release('a');
    expect(budget.take('b')).toBe(true);
    budget.release('a');
    budget.release('b');
    expect(budget.pending).toBe(0);
    // A release for an address without slots changes nothing.
    budget.release('a');
    expect(budget.pending).toBe(0);
    expect([budget.take('a'), budget.take('a')]).toEqual([true, true]);
  });
});
