import { EventEmitter, on } from 'node:events';
import { pathToFileURL } from 'node:url';
import { type ConnectionInit, createServer } from '@wirecall/server';
import { api } from './contract.js';

/** Creates the example server: greetings and a tiny in-memory chat. */
export function createExampleServer() {
  const messages = new EventEmitter();
  let nextId = 1;
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
        send: ({ room, text }, ctx) => {
          if (room === 'archive') throw ctx.error('ROOM_CLOSED', { room });
          const id = String(nextId++);
          messages.emit(room, { id, text: `${ctx.user}: ${text}` });
          return { id };
        },
        async *messages({ room }, ctx) {
          // `on` ends when the signal aborts, so unsubscribing runs this generator's cleanup.
          for await (const [message] of on(messages, room, { signal: ctx.signal })) yield message;
        },
      },
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { url } = await createExampleServer().listen({ port: Number(process.env.PORT ?? 8080) });
  console.log(`wirecall example server listening on ${url}`);
}
