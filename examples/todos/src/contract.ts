import { defineContract, mutation, query } from '@wirecall/core';
import { z } from 'zod';

const todo = z.object({ id: z.number(), text: z.string() });

/** One shared todo list: every open page watches it live. */
export const api = defineContract({
  todos: {
    list: query({ output: z.array(todo), shared: true }),
    add: mutation({ input: z.object({ text: z.string().min(1).max(200) }), output: todo }),
  },
});
