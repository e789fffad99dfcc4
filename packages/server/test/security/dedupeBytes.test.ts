import { defineContract, mutation } from '@wirecall/core';
import { type MutationOutcome, memoryDedupeStore } from '@wirecall/server';
import { openRawClient, startServer } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/** 900 KB, the size that, echoed by 600 keyed mutations, once kept 537 MB of heap. */
const big = 'x'.repeat(900_000);
const ok = (output: unknown): MutationOutcome => ({ ok: true, output });

/** Settles `count` keys of `scope` (or one scope each) with `output`; returns the keys. */
async function fill(
  store: ReturnType<typeof memoryDedupeStore>,
  count: number,
  output: unknown,
  scope?: string,
): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `${scope ?? 'own'}:${keys.length}:${Math.random()}`;
    await store.claim(key, { scope: scope ?? `scope-${i}` });
    await store.settle(key, ok(output));
    keys.push(key);
  }
  return keys;
}

/** How many of `keys` the store still remembers (a claim of a forgotten key succeeds). */
async function remembered(store: ReturnType<typeof memoryDedupeStore>, keys: string[]) {
  let count = 0;
  for (const key of keys) if (!(await store.claim(key)).claimed) count++;
  return count;
}

describe('memoryDedupeStore bounded by bytes', () => {
  it('keeps at most 64 MiB of outcomes by default, forgetting the oldest first', async () => {
    const store = memoryDedupeStore();
    const keys = await fill(store, 600, big);
    const kept = await remembered(store, keys);
    expect(kept).toBeLessThanOrEqual(Math.floor(67_108_864 / 900_000));
    expect(kept).toBeGreaterThan(50);
    // The newest are the ones kept.
    expect(await remembered(store, keys.slice(-kept))).toBe(kept);
  });

  it('honours a byte budget of its own', async () => {
    const store = memoryDedupeStore({ maxBytes: 10_000 });
    const keys = await fill(store, 10, 'y'.repeat(2_000));
    expect(await remembered(store, keys)).toBeLessThanOrEqual(5);
    expect(await remembered(store, keys.slice(-4))).toBe(4);
  });

  it('caps what one scope holds, so one client cannot push out the others', async () => {
    const store = memoryDedupeStore({ maxBytes: 100_000, maxScopeBytes: 10_000 });
    const victim = await fill(store, 3, 'v'.repeat(1_000), 'victim');
    const abuser = await fill(store, 500, 'a'.repeat(2_000), 'abuser');
    expect(await remembered(store, victim)).toBe(3);
    const kept = await remembered(store, abuser);
    expect(kept).toBeLessThanOrEqual(5);
    expect(kept).toBeGreaterThan(0);
  });

  it("keeps a scope's newest outcome even when it alone is over the cap", async () => {
    const store = memoryDedupeStore({ maxScopeBytes: 1_000 });
    const keys = await fill(store, 3, 'z'.repeat(5_000), 'one');
    expect(await remembered(store, keys)).toBe(1);
    expect(await remembered(store, keys.slice(-1))).toBe(1);
  });

  it.each([
    ['maxBytes', 0],
    ['maxScopeBytes', -1],
    ['maxEntries', Number.NaN],
    ['ttlMs', '5'],
  ])('refuses %s = %s with a RangeError', (name, value) => {
    expect(() => memoryDedupeStore({ [name]: value })).toThrow(RangeError);
  });

  it('never forgets a run still in progress for bytes, or its retry would run it twice', async () => {
    const store = memoryDedupeStore({ maxBytes: 1_000, maxScopeBytes: 1_000 });
    await store.claim('running', { scope: 'one' });
    await fill(store, 10, 'w'.repeat(800), 'one');
    const retry = store.claim('running');
    await store.settle('running', ok('done'));
    expect(await retry).toEqual({ claimed: false, outcome: ok('done') });
  });
});

const api = defineContract({
  echo: mutation({ input: z.string(), output: z.string() }),
});

describe('the server passes each session its own scope', () => {
  it("forgets a session's oldest outcomes past its cap, not another session's", async () => {
    const runs: string[] = [];
    await using t = await startServer(api, {
      dedupe: memoryDedupeStore({ maxScopeBytes: 20_000 }),
      handlers: {
        echo: (text) => {
          runs.push(text.slice(0, 8));
          return text;
        },
      },
    });
    const call = async (session: string, key: string, text: string) => {
      await using raw = await openRawClient(t.url, { hello: { session } });
      raw.send({ type: 'call', id: 1, path: 'echo', input: text, key });
      return await raw.next((m) => m.id === 1);
    };
    await call('quiet', 'q', `quiet-00${'.'.repeat(5_000)}`);
    for (let i = 0; i < 10; i++) await call('noisy', `n${i}`, `noisy-0${i}${'.'.repeat(5_000)}`);
    expect(runs).toHaveLength(11);
    // The quiet session's retry is still answered from its record; the noisy one's first is gone.
    await call('quiet', 'q', `quiet-00${'.'.repeat(5_000)}`);
    await call('noisy', 'n9', `noisy-09${'.'.repeat(5_000)}`);
    expect(runs).toHaveLength(11);
    await call('noisy', 'n0', `noisy-00${'.'.repeat(5_000)}`);
    expect(runs).toHaveLength(12);
  });
});
