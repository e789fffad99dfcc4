import { defineContract, presence } from '@wirecall/core';
import { z } from 'zod';

/** A contract with presence rooms, shared by the presence tests of every package. */
export const presenceContract = defineContract({
  chat: {
    online: presence({
      input: z.object({ room: z.string() }),
      state: z.object({ name: z.string(), typing: z.boolean().default(false) }),
      errors: { BANNED: z.object({ room: z.string() }) },
      // What server code publishes to a room (`server.presence(...).publish`).
      event: z.object({ text: z.string(), at: z.number().default(0) }),
    }),
    lobby: presence({ state: z.number() }),
  },
});
