import { createClient } from '@wirecall/client';
import { defineContract, mutation, query } from '@wirecall/core';
import { openRawClient, startServer, waitFor } from '@wirecall/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { z } from 'zod';

const item = z.object({
  id: z.number(),
  text: z.string(),
  done: z.boolean(),
  note: z.string().nullable(),
  tags: z.array(z.string()),
});
type Item = z.infer<typeof item>;

const contract = defineContract({
  items: query({ output: z.array(item) }),
  edit: mutation({ input: z.array(z.tuple([z.number(), z.unknown()])), output: z.number() }),
});

/** A list of `n` items, unicode and nulls in it, large enough to be patched. */
function makeItems(n: number): Item[] {
  return Array.from({ length: n }, (_, id) => ({
    id,
    text: `todo ${id} — ünïcödé ❤️ 中文`,
    done: false,
    note: id % 3 === 0 ? null : `note ${id}`,
    tags: id % 2 === 0 ? ['a', 'ß'] : [],
  }));
}

/** An edit of the list, as random tests make them: [kind, argument]. */
function applyEdit(items: Item[], [kind, arg]: [number, unknown]): Item[] {
  const at = Math.abs(Number(arg) | 0) % Math.max(1, items.length);
  switch (kind % 5) {
    case 0:
      return items.map((x, i) => (i === at ? { ...x, done: !x.done } : x));
    case 1:
      return [...items.slice(0, at), ...items.slice(at + 1)];
    case 2: {
      const added = { id: 10_000 + at, text: String(arg), done: false, note: null, tags: ['新'] };
      return [...items.slice(0, at), added, ...items.slice(at)];
    }
    case 3:
      return items.map((x, i) => (i === at ? { ...x, note: x.note === null ? '📝' : null } : x));
    default:
      return items.map((x, i) => (i === at ? { ...x, tags: [...x.tags, `t${String(arg)}`] } : x));
  }
}

async function startItemsServer(initial: Item[]) {
  const state = { items: initial };
  const started = await startServer(contract, {
    handlers: {
      items: (_input, ctx) => {
        ctx.track('items');
        return state.items;
      },
      edit: async (edits, ctx) => {
        for (const edit of edits) state.items = applyEdit(state.items, edit as [number, unknown]);
        await ctx.invalidate('items');
        return state.items.length;
      },
    },
  });
  return Object.assign(started, { state });
}

describe('live queries: patches', () => {
  it('sends a small change to a large result as a patch, and the whole value when it is small', async () => {
    await using t = await startItemsServer(makeItems(200));
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'items', credit: 1 });
    const first = await raw.next((m) => m.type === 'event');
    const firstData = first.data as Record<string, unknown>;
    expect(firstData.value).toEqual(t.state.items);
    raw.send({ type: 'credit', id: 1, credit: 1 });
    raw.send({ type: 'call', id: 2, path: 'edit', input: [[0, 7]] });
    await raw.next((m) => m.type === 'result' && m.id === 2);
    const events = raw.received.filter((m) => m.type === 'event');
    const second = events[1]?.data as Record<string, unknown>;
    expect(second).toMatchObject({ base: firstData.version, patch: [[0, [7, 'done'], true]] });
    expect(second).not.toHaveProperty('value');
    const frameSizes = raw.frames.filter((f) => f.includes('"event"')).map((f) => f.length);
    // The whole list against one operation: the figure the docs quote.
    expect((frameSizes[1] ?? 0) * 50).toBeLessThan(frameSizes[0] ?? 0);
    // Shrunk below the threshold: whole values again.
    raw.send({ type: 'credit', id: 1, credit: 1 });
    raw.send({ type: 'call', id: 3, path: 'edit', input: Array(199).fill([1, 0]) });
    await raw.next((m) => m.type === 'result' && m.id === 3);
    const third = raw.received.filter((m) => m.type === 'event')[2]?.data;
    expect(third).toMatchObject({ value: t.state.items });
  });

  it('gives the watcher exactly the server value after random edits, over a real socket', async () => {
    const edits = fc.sample(
      fc.array(fc.tuple(fc.nat(), fc.oneof(fc.nat(), fc.string({ unit: 'grapheme' }))), {
        minLength: 1,
        maxLength: 4,
      }),
      { numRuns: 40, seed: 1_607 },
    );
    await using t = await startItemsServer(makeItems(120));
    const client = createClient(contract, { url: t.url });
    try {
      let seen: Item[] | undefined;
      let results = 0;
      const stop = client.items.watch(undefined, (items) => {
        seen = items;
        results++;
      });
      await waitFor(() => seen !== undefined);
      for (const batch of edits) {
        // Read-your-own-writes: once the mutation is answered, the watcher has the new value.
        await client.edit(batch);
        expect(seen).toEqual(t.state.items);
      }
      expect(results).toBeGreaterThan(20);
      stop();
    } finally {
      client.close();
    }
  });
});

describe('live queries: a patch that does not fit', () => {
  it('starts the watch afresh for a whole result, and never shows a wrong value', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    const subscribes: number[] = [];
    const value = { n: 1, list: ['a', 'b'] };
    wss.on('connection', (socket) => {
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        if (message.type === 'hello') socket.send(JSON.stringify({ type: 'welcome' }));
        if (message.type !== 'subscribe') return;
        const id = message.id as number;
        subscribes.push(id);
        socket.send(JSON.stringify({ type: 'subscribed', id }));
        if (subscribes.length === 1) {
          socket.send(JSON.stringify({ type: 'event', id, data: { version: 'v1', value } }));
          // A patch for a base the client never had, then one that does not reach the version.
          socket.send(
            JSON.stringify({
              type: 'event',
              id,
              data: { version: 'v2', base: 'elsewhere', patch: [[0, ['n'], 666]] },
            }),
          );
        } else if (subscribes.length === 2) {
          // The fresh watch: a patch whose outcome does not hash to its version.
          socket.send(
            JSON.stringify({
              type: 'event',
              id,
              data: { version: 'v3', base: 'v1', patch: [[0, ['n'], 777]] },
            }),
          );
        } else {
          socket.send(
            JSON.stringify({
              type: 'event',
              id,
              data: { version: 'v4', value: { n: 2, list: [] } },
            }),
          );
        }
      });
    });
    await new Promise((resolve) => wss.once('listening', resolve));
    const { port } = wss.address() as { port: number };
    const client = createClient(defineContract({ q: query({ output: z.unknown() }) }), {
      url: `ws://127.0.0.1:${port}`,
    });
    try {
      const seen: unknown[] = [];
      client.q.watch(undefined, (result) => seen.push(result));
      await waitFor(() => seen.length === 2);
      expect(seen).toEqual([value, { n: 2, list: [] }]);
      expect(subscribes).toHaveLength(3);
    } finally {
      client.close();
      await new Promise((resolve) => wss.close(resolve));
    }
  });

  it('ends the watch with INTERNAL when patches keep failing, for await too', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (socket) => {
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        if (message.type === 'hello') socket.send(JSON.stringify({ type: 'welcome' }));
        if (message.type !== 'subscribe') return;
        const id = message.id as number;
        socket.send(JSON.stringify({ type: 'subscribed', id }));
        socket.send(JSON.stringify({ type: 'event', id, data: { version: 'x', value: 1 } }));
        socket.send(
          JSON.stringify({ type: 'event', id, data: { version: 'y', base: 'x', patch: 'junk' } }),
        );
      });
    });
    await new Promise((resolve) => wss.once('listening', resolve));
    const { port } = wss.address() as { port: number };
    const client = createClient(defineContract({ q: query({ output: z.unknown() }) }), {
      url: `ws://127.0.0.1:${port}`,
    });
    try {
      const errors: string[] = [];
      const seen: unknown[] = [];
      client.q.watch(undefined, (result) => seen.push(result), {
        onError: (error) => errors.push(error.code),
      });
      await waitFor(() => errors.length === 1);
      expect(errors).toEqual(['INTERNAL']);
      expect(seen).toEqual([1]);
      const loop = (async () => {
        for await (const result of client.q.watch()) expect(result).toBe(1);
      })();
      await expect(loop).rejects.toMatchObject({ code: 'INTERNAL' });
    } finally {
      client.close();
      await new Promise((resolve) => wss.close(resolve));
    }
  });
});
