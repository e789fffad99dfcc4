import {
  type ConnectionInit,
  type DurableObjectNamespaceLike,
  durableServer,
  WirecallDurableObject,
} from '@wirecall/cloudflare';
import { api, MAX_MESSAGE_LENGTH, type Message } from '../../chat/src/contract.js';

/** The Worker's bindings (wrangler.jsonc). */
export interface Env {
  readonly ROOMS: DurableObjectNamespaceLike;
}

/** Messages `history` returns. */
const HISTORY = 50;

/** The room a request is for: `/rooms/<room>`. */
export function roomOf(url: string): string | undefined {
  const match = /^\/rooms\/([\w-]{1,40})\/?$/.exec(new URL(url).pathname);
  return match?.[1];
}

/** The name a connection gave in its params, cleaned up, or a guest name. */
function userOf(params: unknown): string {
  const raw =
    typeof params === 'object' && params !== null && 'name' in params ? String(params.name) : '';
  return raw.trim().slice(0, 24) || 'guest';
}

/**
 * One chat room: a Durable Object per room, so a room's messages are ordered by its single
 * thread and kept in its storage. Idle rooms hibernate with their sockets open; `messages`
 * subscriptions resume from their cursor in the object's storage pub/sub, after a wake-up or a
 * reconnect alike. Who is online is wirecall presence, kept in the object's memory.
 */
export class ChatRoom extends WirecallDurableObject<Env> {
  createServer() {
    const storage = this.ctx.storage;
    return durableServer(api, {
      context: ({ request, params }: ConnectionInit) => ({
        user: userOf(params),
        room: roomOf(request.url) ?? '',
      }),
      handlers: {
        rooms: async (_input, ctx) => [
          { id: ctx.room, online: (await this.presenceOf(ctx.room)).length },
        ],
        chat: {
          history: async ({ room }, ctx) => {
            if (room !== ctx.room) throw ctx.error('ROOM_NOT_FOUND', { room });
            const stored = await storage.list<Message>({ prefix: 'history:' });
            return [...stored.values()].slice(-HISTORY);
          },
          send: async ({ room, text, id }, ctx) => {
            if (room !== ctx.room) throw ctx.error('ROOM_NOT_FOUND', { room });
            const trimmed = text.trim();
            if (!trimmed) throw ctx.error('MESSAGE_EMPTY', {});
            if (trimmed.length > MAX_MESSAGE_LENGTH) {
              throw ctx.error('MESSAGE_TOO_LONG', {
                length: trimmed.length,
                max: MAX_MESSAGE_LENGTH,
              });
            }
            // A send retried after its answer was lost (a deploy, a dropped link) is stored once.
            const messageId = id ?? crypto.randomUUID();
            const earlier = await storage.get<Message>(`sent:${messageId}`);
            if (earlier) return earlier;
            const message: Message = {
              id: messageId,
              room,
              author: ctx.user,
              text: trimmed,
              sentAt: Date.now(),
            };
            const seq = ((await storage.get<number>('seq')) ?? 0) + 1;
            await storage.put({
              seq,
              [`sent:${messageId}`]: message,
              [`history:${seq.toString().padStart(12, '0')}`]: message,
            });
            await ctx.pubsub.publish('messages', message);
            return message;
          },
          messages: ({ room }, ctx) => {
            if (room !== ctx.room) throw ctx.error('ROOM_NOT_FOUND', { room });
            return ctx.pubsub.subscribe<Message>('messages', { lastEventId: ctx.lastEventId });
          },
          // A member is a person: two tabs of one name are one member.
          online: ({ room }, ctx) => {
            if (room !== ctx.room) throw ctx.error('ROOM_NOT_FOUND', { room });
            return ctx.user;
          },
        },
      },
    });
  }

  /** Who is in `room` now, from the server's presence store. */
  async presenceOf(room: string) {
    return (await this.presence(api.chat.online)).members({ room });
  }
}
