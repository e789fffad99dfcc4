import { createClient } from '@wirecall/client';
import { defineContract, mutation, query } from '@wirecall/core';
import type { Handlers } from '@wirecall/server';
import { startServer, waitFor } from '@wirecall/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { redisPubSub } from '../src/index.js';
import { REDIS_URL, redisScope, redisUp } from './redisFixture.js';

const scope = redisScope('live');
afterAll(() => scope[Symbol.asyncDispose]());

const contract = defineContract({
  todos: {
    list: query({ output: z.array(z.string()) }),
    count: query({ output: z.number(), shared: true }),
    add: mutation({ input: z.string() }),
  },
});

/** Two server instances on one Redis, sharing one todo list (as they would share a database). */
async function twoInstances() {
  const todos: string[] = [];
  const runs = { count: 0 };
  const handlers: Handlers<typeof contract, object> = {
    todos: {
      list: (_input, ctx) => {
        ctx.track('todos');
        return [...todos];
      },
      count: (_input, ctx) => {
        runs.count++;
        ctx.track('todos');
        return todos.length;
      },
      add: async (text, ctx) => {
        todos.push(text);
        await ctx.invalidate('todos');
      },
    },
  };
  const start = async () => {
    const pubsub = redisPubSub({ url: REDIS_URL, keyPrefix: scope.prefix, onError: () => {} });
    const started = await startServer(contract, { handlers, pubsub, onError: () => {} });
    return Object.assign(started, {
      [Symbol.asyncDispose]: async () => {
        await started.server.close();
        await pubsub[Symbol.asyncDispose]();
      },
    });
  };
  const [a, b] = await Promise.all([start(), start()]);
  return { a, b, todos, runs };
}

const clientOf = (url: string) => {
  const client = createClient(contract, { url });
  return Object.assign(client, { [Symbol.dispose]: () => client.close() });
};

describe.skipIf(!redisUp)('live queries across instances through redisPubSub', () => {
  it('a mutation on one instance updates the watchers on the other', async () => {
    const { a, b } = await twoInstances();
    await using _a = a;
    await using _b = b;
    using watcher = clientOf(a.url);
    using writer = clientOf(b.url);
    const seen: string[][] = [];
    watcher.todos.list.watch(undefined, (list) => seen.push(list));
    await waitFor(() => seen.length === 1);
    await writer.todos.add('from b');
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([[], ['from b']]);
    // And the other way round: server.invalidate on the instance that holds the watch.
    await writer.todos.add('again');
    await waitFor(() => seen.length === 3);
    expect(seen[2]).toEqual(['from b', 'again']);
  });

  it('server.invalidate on one instance re-runs a shared query on the other once', async () => {
    const { a, b, todos, runs } = await twoInstances();
    await using _a = a;
    await using _b = b;
    using one = clientOf(a.url);
    using two = clientOf(a.url);
    const seen: number[][] = [[], []];
    one.todos.count.watch(undefined, (n) => seen[0]?.push(n));
    two.todos.count.watch(undefined, (n) => seen[1]?.push(n));
    await waitFor(() => seen[0]?.length === 1 && seen[1]?.length === 1);
    expect(a.server.liveStats().evaluations).toBe(1);
    const before = runs.count;
    todos.push('x');
    await b.server.invalidate('todos');
    await waitFor(() => seen[0]?.at(-1) === 1 && seen[1]?.at(-1) === 1);
    expect(runs.count - before).toBe(1);
  });
});
