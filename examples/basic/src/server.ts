import { pathToFileURL } from 'node:url';
import { type ConnectionInit, createServer, tracked } from '@wirecall/server';
import { api } from './contract.js';

/** Creates the example server: greetings and a tiny in-memory chat that survives reconnects. */
export function createExampleServer() {
  return createServer(api, {
    // The typed parameter lets TypeScript give the handlers' `ctx` the context's `user`.
    context: ({ params }: ConnectionInit) => ({
      user:
        typeof params === 'object' && params && 'user' in params
          ? String(params.user)
          : 'anonymous',
    }),
    handlers: {
      greet: ({ name }, ctx) => `Hello, ${name}! (you are ${ctx.user})`,
      chat: {
        send: async ({ room, text }, ctx) => {
          if (room === 'archive') throw ctx.error('ROOM_CLOSED', { room });
          // The server's built-in pub/sub gives each message an id and keeps recent ones for replay.
          const id = await ctx.pubsub.publish(`room:${room}`, `${ctx.user}: ${text}`);
          return { id };
        },
        async *messages({ room }, ctx) {
          // After a drop the client resubscribes with the last id it saw (`ctx.lastEventId`): replay
          // what it missed, then go live. The iteration ends when the client unsubscribes.
          const topic = ctx.pubsub.subscribe<string>(`room:${room}`, {
            lastEventId: ctx.lastEventId,
          });
          for await (const { id, data } of topic) yield tracked(id, { id, text: data });
        },
      },
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { url } = await createExampleServer().listen({ port: Number(process.env.PORT ?? 8080) });
  console.log(`wirecall example server listening on ${url}`);
}
