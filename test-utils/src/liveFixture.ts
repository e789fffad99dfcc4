import { type Client, type ClientOptions, createClient } from '@wirecall/client';
import { defineContract, mutation, query, subscription } from '@wirecall/core';
import type { Handlers } from '@wirecall/server';
import { z } from 'zod';
import { type StartedServer, startServer } from './startServer.js';
import { startTcpProxy, type TcpProxy } from './tcpProxy.js';

/**
 * The contract of the observer and React tests: declared errors on every kind of procedure, and
 * handlers that count what runs and what stops.
 */
export const liveContract = defineContract({
  greet: query({
    input: z.object({ name: z.string() }),
    output: z.string(),
    errors: { SHY: z.object({ name: z.string() }) },
  }),
  slow: query({ input: z.object({ ms: z.number() }), output: z.number() }),
  now: query({ output: z.number() }),
  chat: {
    send: mutation({
      input: z.object({ room: z.string(), text: z.string().min(1).max(20) }),
      output: z.object({ id: z.string() }),
      errors: { ROOM_CLOSED: z.object({ room: z.string() }) },
    }),
    messages: subscription({
      input: z.object({ room: z.string() }),
      event: z.object({ id: z.string(), text: z.string() }),
      errors: { ROOM_CLOSED: z.object({ room: z.string() }) },
    }),
  },
  ticks: subscription({ input: z.object({ count: z.number().int() }), event: z.number() }),
  clock: subscription({ event: z.number() }),
});

/** Server-side bookkeeping, to check what runs and what stops. */
export interface LiveServerLog {
  /** `chat.messages` handlers called (counted before anything is awaited). */
  subscribed: number;
  /** `chat.messages` handlers started and finished (their `finally` ran). */
  started: number;
  finalized: number;
  /** Calls of `greet` and `now`, and `slow` calls aborted. */
  greeted: number;
  nowCalls: number;
  slowAborted: number;
}

/** A real server on loopback, a TCP proxy in front of it (to cut connections), and a client. */
export interface LiveFixture extends AsyncDisposable {
  readonly started: StartedServer;
  readonly proxy: TcpProxy;
  readonly client: Client<typeof liveContract>;
  readonly log: LiveServerLog;
  /** Sends a chat message to every `chat.messages` subscriber of the room. */
  publish(room: string, text: string): void;
}

/** Starts the server, the proxy and a client connected through it. */
export async function startLiveFixture(
  clientOptions: Partial<ClientOptions> = {},
): Promise<LiveFixture> {
  const log: LiveServerLog = {
    subscribed: 0,
    started: 0,
    finalized: 0,
    greeted: 0,
    nowCalls: 0,
    slowAborted: 0,
  };
  const rooms = new Map<string, Set<(text: string) => void>>();
  let nextId = 1;
  const publish = (room: string, text: string) => {
    for (const push of rooms.get(room) ?? []) push(text);
  };
  async function* roomMessages(room: string, signal: AbortSignal, closed: () => Error) {
    if (room === 'closed') throw closed();
    log.started++;
    const queue: string[] = [];
    let wake: (() => void) | undefined;
    const push = (text: string) => {
      queue.push(text);
      wake?.();
    };
    const listeners = rooms.get(room) ?? new Set();
    rooms.set(room, listeners.add(push));
    signal.addEventListener('abort', () => wake?.());
    try {
      while (!signal.aborted) {
        const text = queue.shift();
        if (text === undefined) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          continue;
        }
        yield { id: String(nextId++), text };
      }
    } finally {
      listeners.delete(push);
      if (listeners.size === 0) rooms.delete(room);
      log.finalized++;
    }
  }
  const handlers: Handlers<typeof liveContract, object> = {
    greet: ({ name }, ctx) => {
      log.greeted++;
      if (name === 'shy') throw ctx.error('SHY', { name });
      return `Hello, ${name}!`;
    },
    slow: ({ ms }, ctx) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(ms), ms);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          log.slowAborted++;
          reject(ctx.signal.reason);
        });
      }),
    now: () => ++log.nowCalls,
    chat: {
      send: ({ room, text }, ctx) => {
        if (room === 'closed') throw ctx.error('ROOM_CLOSED', { room });
        publish(room, text);
        return { id: String(nextId++) };
      },
      messages(input, ctx) {
        log.subscribed++;
        return roomMessages(input.room, ctx.signal, () => ctx.error('ROOM_CLOSED', input));
      },
    },
    async *ticks({ count }) {
      for (let i = 0; i < count; i++) yield i;
    },
    async *clock(_input, ctx) {
      let i = 0;
      while (!ctx.signal.aborted) {
        yield i++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
  const started = await startServer(liveContract, { handlers });
  const proxy = await startTcpProxy(started.port);
  const client = createClient(liveContract, {
    url: proxy.url(),
    retry: { initialDelayMs: 20, maxDelayMs: 100 },
    ...clientOptions,
  });
  return {
    started,
    proxy,
    client,
    log,
    publish,
    async [Symbol.asyncDispose]() {
      client.close();
      await proxy[Symbol.asyncDispose]();
      await started[Symbol.asyncDispose]();
    },
  };
}
