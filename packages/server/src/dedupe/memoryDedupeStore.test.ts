import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MutationOutcome } from './dedupeStore.js';
import { memoryDedupeStore } from './memoryDedupeStore.js';

const ok = (output: unknown): MutationOutcome => ({ ok: true, output });

describe('memoryDedupeStore', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets the first claim run and answers later claims with its outcome', async () => {
    const store = memoryDedupeStore();
    expect(await store.claim('k')).toEqual({ claimed: true });
    const waiting = store.claim('k');
    await store.settle('k', ok(42));
    expect(await waiting).toEqual({ claimed: false, outcome: ok(42) });
    expect(await store.claim('k')).toEqual({ claimed: false, outcome: ok(42) });
    expect(await store.claim('other')).toEqual({ claimed: true });
  });

  it('remembers failures too', async () => {
    const store = memoryDedupeStore();
    await store.claim('k');
    const outcome: MutationOutcome = { ok: false, error: { code: 'BAD_INPUT', message: 'no' } };
    await store.settle('k', outcome);
    expect(await store.claim('k')).toEqual({ claimed: false, outcome });
  });

  it('forgets outcomes after ttlMs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = memoryDedupeStore({ ttlMs: 1_000 });
    await store.claim('k');
    await store.settle('k', ok(1));
    vi.advanceTimersByTime(999);
    expect((await store.claim('k')).claimed).toBe(false);
    vi.advanceTimersByTime(2);
    expect((await store.claim('k')).claimed).toBe(true);
  });

  it('keeps at most maxEntries settled outcomes, forgetting the oldest', async () => {
    const store = memoryDedupeStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) {
      await store.claim(key);
      await store.settle(key, ok(key));
    }
    await store.claim('e'); // prunes down to the bound
    expect((await store.claim('a')).claimed).toBe(true);
    expect(await store.claim('d')).toEqual({ claimed: false, outcome: ok('d') });
  });

  it('never forgets a run still in progress before its time, or a retry would run it twice', async () => {
    const store = memoryDedupeStore({ maxEntries: 1 });
    await store.claim('running');
    for (const key of ['x', 'y', 'z']) {
      await store.claim(key);
      await store.settle(key, ok(key));
    }
    const retry = store.claim('running');
    await store.settle('running', ok('done'));
    expect(await retry).toEqual({ claimed: false, outcome: ok('done') });
  });
});
