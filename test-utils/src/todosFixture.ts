import { createClient } from '@wirecall/client';
import { defineContract, mutation, query } from '@wirecall/core';
import type { Handlers, PubSub } from '@wirecall/server';
import { z } from 'zod';
import { startServer } from './startServer.js';

const todo = z.object({ id: z.number(), text: z.string() });

/** A todo app: lists of todos, live per list, and a shared count of all todos. */
export const todosContract = defineContract({
  todos: {
    list: query({ input: z.object({ listId: z.string() }), output: z.array(todo) }),
    count: query({ output: z.number(), shared: true }),
    whoami: query({ output: z.string() }),
    broken: query({ input: z.object({ failOnRun: z.number() }), output: z.number() }),
    add: mutation({ input: z.object({ listId: z.string(), text: z.string() }), output: todo }),
  },
});

/** The todo store shared by the server instances of one test, and counts of handler runs. */
export class TodoStore {
  readonly lists = new Map<string, { id: number; text: string }[]>();
  readonly runs = { list: 0, count: 0, broken: 0 };
  nextId = 1;
  /** When set, `list` waits for it before reading: to hold a run in flight. */
  gate: Promise<void> | undefined;

  add(listId: string, text: string) {
    const item = { id: this.nextId++, text };
    this.lists.set(listId, [...(this.lists.get(listId) ?? []), item]);
    return item;
  }
}

export function todoHandlers(store: TodoStore): Handlers<typeof todosContract, { user: string }> {
  return {
    todos: {
      list: async ({ listId }, ctx) => {
        store.runs.list++;
        ctx.track(`list:${listId}`);
        if (store.gate) await store.gate;
        return store.lists.get(listId) ?? [];
      },
      count: (_input, ctx) => {
        store.runs.count++;
        ctx.track('todos');
        let count = 0;
        for (const list of store.lists.values()) count += list.length;
        return count;
      },
      whoami: (_input, ctx) => ctx.user,
      broken: ({ failOnRun }, ctx) => {
        ctx.track('broken');
        store.runs.broken++;
        if (store.runs.broken >= failOnRun) throw new Error('database is down');
        return store.runs.broken;
      },
      add: async ({ listId, text }, ctx) => {
        const item = store.add(listId, text);
        await ctx.invalidate(`list:${listId}`, 'todos');
        return item;
      },
    },
  };
}

/** A todo server on a loopback port, its users named by their `hello` params. */
export function startTodoServer(store: TodoStore, pubsub?: PubSub) {
  return startServer<typeof todosContract, { user: string }>(todosContract, {
    handlers: todoHandlers(store),
    context: ({ params }) => ({ user: typeof params === 'string' ? params : 'anonymous' }),
    onError: () => {},
    ...(pubsub ? { pubsub } : {}),
  });
}

/** A client of a todo server, closed by `using`. */
export function todoClient(url: string, user = 'ada') {
  const client = createClient(todosContract, { url, params: user, retry: { initialDelayMs: 10 } });
  return Object.assign(client, { [Symbol.dispose]: () => client.close() });
}

/** Collects what a listener is given. */
export function collector<T>() {
  const seen: T[] = [];
  return { seen, listener: (value: T) => void seen.push(value) };
}
