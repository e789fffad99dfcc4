import { createServer as createHttpServer, type Server } from 'node:http';
import { type ConnectionInit, createServer, type WirecallServer } from '@wirecall/server';
import { api, MAX_MESSAGE_LENGTH } from '../contract.js';
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

/** The name a connection gave in its params, cleaned up, or a guest name. */
function userOf({ params }: ConnectionInit): string {
  const raw =
    typeof params === 'object' && params !== null && 'name' in params ? String(params.name) : '';
  const name = raw.trim().slice(0, 24);
  return name || `guest-${Math.floor(Math.random() * 9000 + 1000)}`;
}

/** Builds the chat server: stored rooms, typed handlers, one port for page and socket. */
export function createChatServer(options: ChatServerOptions = {}): ChatServer {
  const store = options.store ?? openStore().store;
  const rooms = new ChatRooms(options.rooms ?? ['general', 'random', 'help'], store);
  const wirecall = createServer(api, {
    context: (init: ConnectionInit) => ({ user: userOf(init) }),
    handlers: {
      rooms: () => rooms.names.map((id) => ({ id, online: rooms.onlineCount(id) })),
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
        online: ({ room }, ctx) => {
          if (!rooms.has(room)) throw ctx.error('ROOM_NOT_FOUND', { room });
          return rooms.presence(room, ctx.user, ctx.signal);
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
