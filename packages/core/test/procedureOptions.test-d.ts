import {
  type ErrorSchemas,
  type EventOf,
  type InputOf,
  mutation,
  type OutputOf,
  type ParsedInputOf,
  presence,
  type QueryDefinition,
  type QueryOptions,
  query,
  type StateOf,
  subscription,
} from '@wirecall/core';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

describe('procedure options, inferred as one object', () => {
  it('refuses a misspelt or unknown option of every builder', () => {
    // @ts-expect-error `sahred` is no option of query()
    query({ output: z.string(), sahred: true });
    // @ts-expect-error `safe` is an option of query() only
    mutation({ output: z.string(), safe: true });
    // @ts-expect-error `flwo` is no option of subscription()
    subscription({ event: z.number(), flwo: { window: 8 } });
    // @ts-expect-error `output` is no option of subscription(): it has `event`
    subscription({ event: z.number(), output: z.number() });
    // @ts-expect-error `events` is no option of presence()
    presence({ state: z.string(), events: z.string() });
  });

  it('still refuses options of the wrong type', () => {
    // @ts-expect-error shared is true or false
    query({ shared: 'yes' });
    // @ts-expect-error a description is a string
    mutation({ description: 1 });
    // @ts-expect-error the window is a number
    subscription({ event: z.number(), flow: { window: '8' } });
    // @ts-expect-error presence needs a state schema
    presence({ input: z.object({ room: z.string() }) });
  });

  it('infers every schema exactly, never widened to any', () => {
    const find = query({
      input: z.object({ id: z.string(), limit: z.number().default(10) }),
      output: z.array(z.object({ id: z.string() })),
      errors: { NOT_FOUND: z.object({ id: z.string() }) },
      shared: true,
    });
    expectTypeOf(find.input).not.toBeAny();
    expectTypeOf(find.output).not.toBeAny();
    expectTypeOf(find.errors.NOT_FOUND).not.toBeAny();
    expectTypeOf<InputOf<typeof find>>().toEqualTypeOf<{
      id: string;
      limit?: number | undefined;
    }>();
    expectTypeOf<ParsedInputOf<typeof find>>().toEqualTypeOf<{ id: string; limit: number }>();
    expectTypeOf<OutputOf<typeof find>>().toEqualTypeOf<{ id: string }[]>();

    const ticks = subscription({ input: z.number(), event: z.bigint(), flow: { window: 4 } });
    expectTypeOf<InputOf<typeof ticks>>().toEqualTypeOf<number>();
    expectTypeOf<EventOf<typeof ticks>>().toEqualTypeOf<bigint>();

    const online = presence({ state: z.object({ typing: z.boolean() }) });
    expectTypeOf<StateOf<typeof online>>().toEqualTypeOf<{ typing: boolean }>();
    expectTypeOf<InputOf<typeof online>>().toEqualTypeOf<void>();
    expectTypeOf<EventOf<typeof online>>().toEqualTypeOf<never>();
  });

  it('takes options held in a variable of the options type', () => {
    const options: QueryOptions<z.ZodString, z.ZodNumber> = {
      input: z.string(),
      output: z.number(),
    };
    expectTypeOf(query(options)).toEqualTypeOf<
      QueryDefinition<z.ZodString, z.ZodNumber, ErrorSchemas>
    >();
  });
});
