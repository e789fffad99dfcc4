import { expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { type QueryDefinition, query } from '../src/index.js';

test('safe is a boolean option of query() and keeps its types', () => {
  const search = query({ input: z.object({ q: z.string() }), output: z.string(), safe: true });
  expectTypeOf(search.safe).toEqualTypeOf<boolean | undefined>();
  expectTypeOf(search).toMatchTypeOf<QueryDefinition>();
  expectTypeOf(search.input).toEqualTypeOf<z.ZodObject<{ q: z.ZodString }>>();
  // @ts-expect-error safe is true or false
  query({ output: z.string(), safe: 'yes' });
});
