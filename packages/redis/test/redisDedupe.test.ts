import { isRpcError, type MutationOutcome } from '@wirecall/server';
import { afterAll, describe, expect, it } from 'vitest';
import { type RedisDedupeSettings, redisDedupe } from '../src/index.js';
import { REDIS_URL, redisScope, redisUp } from './redisFixture.js';

const scope = redisScope('dedupe');
afterAll(() => scope[Symbol.asyncDispose]());

let keys = 0;
const newKey = () => `["session","todo.add","k${++keys}"]`;

/** A dedupe store on the test Redis; one per simulated server instance. */
function instance(settings: RedisDedupeSettings = {}) {
  return redisDedupe({ url: REDIS_URL, keyPrefix: scope.prefix, onError: () => {}, ...settings });
}

const done: MutationOutcome = { ok: true, output: { id: 7, title: 'milk' } };

describe.skipIf(!redisUp)('redisDedupe', () => {
  it('lets the first claim run and answers a retry on another instance with its outcome', async () => {
    await using a = instance();
    await using b = instance();
    const key = newKey();
    expect(await a.claim(key)).toEqual({ claimed: true });
    await a.settle(key, done);
    expect(await b.claim(key)).toEqual({ claimed: false, outcome: done });
    expect(await a.claim(key)).toEqual({ claimed: false, outcome: done });
  });

  it('makes a retry wait for a run still going on another instance', async () => {
    await using a = instance();
    await using b = instance({ pollIntervalMs: 10 });
    const key = newKey();
    expect(await a.claim(key)).toEqual({ claimed: true });
    let answered = false;
    const retry = b.claim(key).then((claim) => {
      answered = true;
      return claim;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(answered).toBe(false);
    const failed: MutationOutcome = {
      ok: false,
      error: { code: 'TITLE_TAKEN', message: 'taken', data: { title: 'milk' } },
    };
    await a.settle(key, failed);
    expect(await retry).toEqual({ claimed: false, outcome: failed });
  });

  it('keeps the claim alive while the first run takes longer than its lease', async () => {
    await using a = instance({ leaseMs: 150 });
    await using b = instance({ leaseMs: 150, pollIntervalMs: 10 });
    const key = newKey();
    await a.claim(key);
    const retry = b.claim(key);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await a.settle(key, done);
    expect(await retry).toEqual({ claimed: false, outcome: done });
  });

  it('answers OUTCOME_UNKNOWN, not a second run, when the first instance died mid-run', async () => {
    const a = instance({ leaseMs: 150 });
    await using b = instance({ leaseMs: 150, pollIntervalMs: 10 });
    const key = newKey();
    await a.claim(key);
    await a.close(); // stops renewing the lease, as a killed process would
    const claim = await b.claim(key);
    expect(claim.claimed).toBe(false);
    const outcome = claim.claimed ? undefined : claim.outcome;
    expect(outcome?.ok).toBe(false);
    expect(outcome && !outcome.ok && outcome.error.code).toBe('OUTCOME_UNKNOWN');
    // Every later retry gets the same answer.
    expect(await b.claim(key)).toEqual(claim);
  });

  it('does not let a late settle overwrite the answer given to retries', async () => {
    await using a = instance({ leaseMs: 100 });
    await using b = instance({ leaseMs: 100, pollIntervalMs: 10 });
    const key = newKey();
    await a.claim(key);
    // Simulate a long pause of instance a (no lease renewals): delete the lease.
    await scope.redis.del(`${scope.prefix}dedupe:${key}:lease`);
    const claim = await b.claim(key);
    await a.settle(key, done);
    expect(await b.claim(key)).toEqual(claim);
  });

  it('forgets outcomes after their TTL', async () => {
    await using store = instance({ ttlMs: 100 });
    const key = newKey();
    await store.claim(key);
    await store.settle(key, done);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await store.claim(key)).toEqual({ claimed: true });
  });

  it('keeps records under its prefix with a TTL', async () => {
    await using store = instance({ ttlMs: 60_000 });
    const key = newKey();
    await store.claim(key);
    await store.settle(key, done);
    const ttl = await scope.redis.pttl(`${scope.prefix}dedupe:${key}`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await scope.redis.exists(`${scope.prefix}dedupe:${key}:lease`)).toBe(0);
  });
});

describe('redisDedupe without Redis', () => {
  it('fails claim with UNAVAILABLE (the mutation does not run)', async () => {
    await using store = redisDedupe({
      url: 'redis://127.0.0.1:1',
      commandTimeoutMs: 300,
      onError: () => {},
    });
    const failure = await store.claim('k').catch((error: unknown) => error);
    expect(isRpcError(failure, 'UNAVAILABLE')).toBe(true);
  });
});
