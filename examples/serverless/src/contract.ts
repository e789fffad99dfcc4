import { defineContract, mutation, query, subscription } from '@wirecall/core';
import { z } from 'zod';

/** A note on the board, as posted and as every reader receives it. */
export const note = z.object({ author: z.string(), text: z.string().min(1).max(280) });

/** A shared board: post notes, read them live; every instance serves all of it. */
export const api = defineContract({
  board: {
    post: mutation({
      description: 'Posts a note; resolves with its event id. Retried, it is posted once.',
      input: note,
      output: z.string(),
    }),
    notes: subscription({
      description: 'Every note from now on (or after the last one seen), in order.',
      event: note,
    }),
    // Changes nothing, so it may travel as a GET that HTTP caches can keep.
    health: query({ output: z.object({ instance: z.string() }), safe: true }),
  },
});
