import { defineContract, mutation, query, subscription } from '@wirecall/core';
import { z } from 'zod';

/** The API of the example: shared by server and client. */
export const api = defineContract({
  greet: query({ input: z.object({ name: z.string() }), output: z.string() }),
  chat: {
    send: mutation({
      input: z.object({ room: z.string(), text: z.string().min(1).max(2000) }),
      output: z.object({ id: z.string() }),
      errors: { ROOM_CLOSED: z.object({ room: z.string() }) },
    }),
    messages: subscription({
      input: z.object({ room: z.string() }),
      event: z.object({ id: z.string(), text: z.string() }),
    }),
  },
});
