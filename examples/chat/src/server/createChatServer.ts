import { createServer as createHttpServer, type Server } from 'node:http';
import {
  type ConnectionInit,
  createServer,
  type PresenceOptions,
  type RateLimitRule,
  rateLimit,
  scoped,
  type WirecallServer,
} from '@wirecall/server';
import { api, MAX_MESSAGE_LENGTH } from '../contract.js';
import { auth } from './auth.js';
import { ChatRooms } from './ChatRooms.js';
import { serveStatic } from './serveStatic.js';
import type { MessageStore } from './store/MessageStore.js';
import { openStore } from './store/openStore.js';

/** Options of {@link createChatServer}. */
export interface ChatServerOptions {
  /** Folder of the built browser app; without it only the WebSocket endpoint is served. */
  staticDir?: string;
  /** Rooms to open. @default ['general', 'random', 'help'] */
  rooms?: readonly string[];
  /**
   * Where messages are kept; closed with the server.
   * @default Redis when `REDIS_URL` is set, else SQLite in `CHAT_DB` or `examples/chat/data/chat.sqlite`
   */
  store?: MessageStore;
  /** How many messages one person may send: `limit` per `windowMs`. @default 10 per 10 s */
  sendLimit?: RateLimitRule;
  /** Presence settings of "who is online" and "typing…". @default a 3 s grace period */
  presence?: PresenceOptions;
}

/** The chat's HTTP server (static files and, on `/rpc`, the wirecall WebSocket). */
export interface ChatServer {
  readonly http: Server;
  readonly wirecall: WirecallServer;
  readonly rooms: ChatRooms;
  /** Starts listening; resolves with the page's URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Closes every connection and stops listening. */
  close(): Promise<void>;
}

/** Builds the chat server: stored rooms, typed handlers, one port for page and socket. */
export function createChatServer(options: ChatServerOptions = {}): ChatServer {
  const store = options.store ?? openStore().store;
  const rooms = new ChatRooms(options.rooms ?? ['general', 'random', 'help'], store);
  const { limit, windowMs } = options.sendLimit ?? { limit: 10, windowMs: 10_000 };
  const wirecall: WirecallServer = createServer(api, {
    // The connection's params, as the page sent them: `auth` makes them `ctx.user`.
    context: ({ params }: ConnectionInit) => ({ params }),
    middleware: [
      auth,
      // Sending: `limit` messages per `windowMs` per person, across all their tabs.
      scoped(
        'chat.send',
        rateLimit<{ user: string }>({ limit, windowMs, key: ({ ctx }) => ctx.user }),
      ),
    ],
    presence: { graceMs: 3_000, ...options.presence },
    handlers: {
      // How many are in each room, read from the presence store (server code's view of it).
      rooms: async () => {
        const online = wirecall.presence(api.chat.online);
        return Promise.all(
          rooms.names.map(async (id) => ({
            id,
            online: (await online.members({ room: id })).length,
          })),
        );
      },
      chat: {
        history: ({ room }, ctx) => {
          if (!rooms.has(room)) throw ctx.error('ROOM_NOT_FOUND', { room });
          return rooms.history(room);
        },
        send: ({ room, text, id }, ctx) => {
          if (!rooms.has(room)) throw ctx.error('ROOM_NOT_FOUND', { room });
          const trimmed = text.trim();
          if (!trimmed) throw ctx.error('MESSAGE_EMPTY', {});
          if (trimmed.length > MAX_MESSAGE_LENGTH) {
            throw ctx.error('MESSAGE_TOO_LONG', {
              length: trimmed.length,
              max: MAX_MESSAGE_LENGTH,
            });
          }
          return rooms.post(room, ctx.user, trimmed, id);
        },
        messages: ({ room }, ctx) => {
          if (!rooms.has(room)) throw ctx.error('ROOM_NOT_FOUND', { room });
          return rooms.messages(room, ctx.lastEventId, ctx.signal);
        },
        // A join needs no more than a room that exists; the member is the person (their name),
        // so two tabs of one name are one member.
        online: ({ room }, ctx) => {
          if (!rooms.has(room)) throw ctx.error('ROOM_NOT_FOUND', { room });
          return ctx.user;
        },
      },
    },
  });
  const http = createHttpServer(
    options.staticDir
      ? serveStatic(options.staticDir)
      : (_request, response) => {
          response.writeHead(404, { 'content-type': 'text/plain' });
          response.end('Build the app first: pnpm --filter @wirecall/example-chat build\n');
        },
  );
  wirecall.attach(http, { path: '/rpc' });
  return {
    http,
    wirecall,
    rooms,
    async listen(port, host = '127.0.0.1') {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          resolve();
        });
      });
      const address = http.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${bound}/`;
    },
    async close() {
      await wirecall.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await store.close();
    },
  };
}
