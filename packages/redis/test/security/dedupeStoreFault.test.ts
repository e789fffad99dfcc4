import { defineContract, mutation } from '@wirecall/core';
import { openRawClient, startServer } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { redisDedupe } from '../../src/index.js';
import {
  type RedisServerProcess,
  redisServerInstalled,
  startRedisServer,
} from '../redisServerProcess.js';

if (!redisServerInstalled) {
  console.warn(
    '[@wirecall/redis security tests] dedupe store faults skipped: `redis-server` is not installed, ' +
      'and these tests stop and freeze a Redis of their own (never the shared one).',
  );
}

const api = defineContract({
  charge: mutation({
    input: z.object({ cents: z.number() }),
    output: z.object({ charge: z.number() }),
  }),
});

/**
 * A server on a Redis of the test's own whose `charge` mutation counts its runs and calls
 * `midMutation` while running: where the test stops or freezes Redis.
 */
async function setup(redis: RedisServerProcess, commandTimeoutMs: number) {
  const state = { runs: 0, midMutation: async () => {} };
  const reported: unknown[] = [];
  const store = redisDedupe({
    url: redis.url,
    commandTimeoutMs,
    leaseMs: 5_000,
    pollIntervalMs: 20,
    onError: () => {},
  });
  const started = await startServer(api, {
    dedupe: store,
    onError: (error) => reported.push(error),
    handlers: {
      charge: async () => {
        const charge = ++state.runs;
        await state.midMutation();
        return { charge };
      },
    },
  });
  return {
    ...started,
    state,
    reported,
    /** Sends the keyed mutation on a new connection of session `s`, as a client's retry would. */
    async charge(key = 'k-1') {
      await using raw = await openRawClient(started.url, { hello: { session: 's' } });
      raw.send({ type: 'call', id: 1, path: 'charge', input: { cents: 500 }, key });
      return await raw.next((m) => m.id === 1, 20_000);
    },
    async [Symbol.asyncDispose]() {
      await started[Symbol.asyncDispose]();
      await store.close();
    },
  };
}

const UNAVAILABLE = {
  type: 'error',
  id: 1,
  error: {
    code: 'UNAVAILABLE',
    message: 'A service the server depends on is unavailable; nothing was done. Retry later',
  },
};

describe.skipIf(!redisServerInstalled)('exactly-once through dedupe store faults', () => {
  it('answers with the outcome when Redis freezes (SIGSTOP) mid-mutation; a retry never runs it again', async () => {
    await using redis = await startRedisServer({ persistent: false });
    await using t = await setup(redis, 400);
    t.state.midMutation = async () => redis.freeze();
    // The mutation ran: the client is told its outcome, not that nothing was done.
    expect(await t.charge()).toEqual({ type: 'result', id: 1, output: { charge: 1 } });
    expect(t.reported.length).toBeGreaterThan(0);
    // A retry while Redis is still frozen reaches the instance that ran it: it knows the outcome.
    expect(await t.charge()).toEqual({ type: 'result', id: 1, output: { charge: 1 } });
    redis.thaw();
    // Once Redis is back, the outcome is recorded: a retry reaching another instance gets it too.
    await using other = await setup(redis, 400);
    expect(await other.charge()).toEqual({ type: 'result', id: 1, output: { charge: 1 } });
    expect(await t.charge()).toEqual({ type: 'result', id: 1, output: { charge: 1 } });
    expect(t.state.runs + other.state.runs).toBe(1);
  });

  it('answers with the outcome when Redis is stopped mid-mutation; a retry after its restart never runs it again', async () => {
    await using redis = await startRedisServer({ persistent: true });
    await using t = await setup(redis, 2_000);
    t.state.midMutation = () => redis.kill();
    expect(await t.charge()).toEqual({ type: 'result', id: 1, output: { charge: 1 } });
    await redis.start();
    // On the instance that ran it, and on another one once that instance has recorded it: the
    // outcome, or, had recording failed until the lease ran out, OUTCOME_UNKNOWN. Never a second run.
    await using other = await setup(redis, 2_000);
    for (const retry of [await t.charge(), await other.charge()]) {
      if (retry.type === 'error') {
        expect(retry).toMatchObject({ error: { code: 'OUTCOME_UNKNOWN' } });
      } else {
        expect(retry).toEqual({ type: 'result', id: 1, output: { charge: 1 } });
      }
    }
    expect(other.state.runs).toBe(0);
    expect(t.state.runs).toBe(1);
  });

  it('frees a claim that reached a frozen Redis unanswered: the retry runs the mutation once', async () => {
    await using redis = await startRedisServer({ persistent: false });
    await using t = await setup(redis, 400);
    redis.freeze();
    // The claim is written to Redis's socket but times out: the mutation did not run.
    expect(await t.charge()).toEqual(UNAVAILABLE);
    expect(t.state.runs).toBe(0);
    redis.thaw();
    // Redis now runs that claim, then the release: the key is free, not stuck as outcome unknown.
    expect(await t.charge()).toEqual({ type: 'result', id: 1, output: { charge: 1 } });
    expect(t.state.runs).toBe(1);
  });

  it('tells a retry waiting for a run under way OUTCOME_UNKNOWN, not UNAVAILABLE, when Redis freezes for a lease', async () => {
    await using redis = await startRedisServer({ persistent: false });
    const settings = { url: redis.url, commandTimeoutMs: 200, leaseMs: 1_000, pollIntervalMs: 20 };
    await using first = redisDedupe({ ...settings, onError: () => {} });
    await using retrying = redisDedupe({ ...settings, onError: () => {} });
    expect(await first.claim('k')).toEqual({ claimed: true });
    const retry = retrying.claim('k');
    await new Promise((resolve) => setTimeout(resolve, 100));
    redis.freeze();
    const claim = await retry;
    redis.thaw();
    expect(claim.claimed).toBe(false);
    expect(!claim.claimed && !claim.outcome.ok && claim.outcome.error.code).toBe('OUTCOME_UNKNOWN');
  });
});
