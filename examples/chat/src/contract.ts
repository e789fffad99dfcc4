import { defineContract, mutation, presence, query, subscription } from '@wirecall/core';
import { z } from 'zod';

/** Longest message the chat accepts, in characters. */
export const MAX_MESSAGE_LENGTH = 280;

const room = z.string().min(1).max(40);
/** A message id: a UUID from the sender, or one the server made. */
const messageId = z.string().regex(/^[\w-]{8,64}$/);

/** One chat message, as stored and sent. */
export const message = z.object({
  id: messageId,
  room,
  author: z.string(),
  text: z.string(),
  sentAt: z.number(),
});

/** The chat's API, shared by the server and the browser. */
export const api = defineContract({
  rooms: query({
    description: 'The rooms there are, with how many people are in each.',
    output: z.array(z.object({ id: room, online: z.number() })),
  }),
  chat: {
    history: query({
      description: 'The latest messages of a room, oldest first.',
      input: z.object({ room }),
      output: z.array(message),
      errors: { ROOM_NOT_FOUND: z.object({ room: z.string() }) },
    }),
    send: mutation({
      description: 'Posts a message to a room.',
      input: z.object({
        room,
        text: z.string().max(10_000),
        // Chosen by the sender, so a send retried after a server restart is stored once.
        id: messageId.optional(),
      }),
      output: message,
      errors: {
        ROOM_NOT_FOUND: z.object({ room: z.string() }),
        MESSAGE_TOO_LONG: z.object({ length: z.number(), max: z.number() }),
        MESSAGE_EMPTY: z.object({}),
      },
    }),
    messages: subscription({
      description:
        'The latest messages of a room, then new ones live; resumes after a reconnect from the last one received.',
      input: z.object({ room }),
      event: message,
      errors: { ROOM_NOT_FOUND: z.object({ room: z.string() }) },
    }),
    online: presence({
      description:
        'Who is in a room and who of them is typing. A member is a person: two tabs of one name are one member.',
      input: z.object({ room }),
      state: z.object({ typing: z.boolean() }),
      errors: { ROOM_NOT_FOUND: z.object({ room: z.string() }) },
    }),
  },
});

/** One chat message. */
export type Message = z.infer<typeof message>;
