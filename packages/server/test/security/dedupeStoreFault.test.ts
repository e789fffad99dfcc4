import { defineContract, mutation } from '@wirecall/core';
import { type DedupeStore, memoryDedupeStore } from '@wirecall/server';
import { openRawClient, startServer } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// The Redis store, stopped and frozen for real, is in @wirecall/redis's security tests; this is the
// server's side of the same rule, with any store whose `settle` fails after the handler ran.

/** The in-memory store, but its `settle` fails while `failing` is set (its backend went away). */
function flakyStore() {
  const inner = memoryDedupeStore();
  const state = { failing: true };
  const store: DedupeStore = {
    claim: (key, info) => inner.claim(key, info),
    settle: async (key, outcome) => {
      if (state.failing) throw new Error('connection reset while recording');
      await inner.settle(key, outcome);
    },
  };
  return { store, state };
}

const api = defineContract({ charge: mutation({ output: z.number() }) });

describe('a mutation whose outcome cannot be recorded', () => {
  it('is answered with its result, never UNAVAILABLE; the failure goes to onError', async () => {
    const { store } = flakyStore();
    const reported: unknown[] = [];
    let runs = 0;
    await using t = await startServer(api, {
      dedupe: store,
      onError: (error) => reported.push(error),
      handlers: { charge: () => ++runs },
    });
    await using raw = await openRawClient(t.url, { hello: { session: 's' } });
    raw.send({ type: 'call', id: 1, path: 'charge', key: 'k' });
    expect(await raw.next((m) => m.id === 1)).toEqual({ type: 'result', id: 1, output: 1 });
    // The key stays claimed (the store never settled it): a retry waits instead of running again.
    await using retry = await openRawClient(t.url, { hello: { session: 's' } });
    retry.send({ type: 'call', id: 1, path: 'charge', key: 'k' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(retry.received.filter((m) => m.id === 1)).toEqual([]);
    expect(runs).toBe(1);
    expect(String((reported[0] as Error).cause)).toContain('connection reset while recording');
  });
});
