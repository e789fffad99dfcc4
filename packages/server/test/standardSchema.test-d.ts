import { createClient } from '@wirecall/client';
import {
  defineContract,
  type ErrorOf,
  type EventOf,
  type InferInput,
  type InferOutput,
  type InputOf,
  isRpcError,
  mutation,
  type OutputOf,
  type ParsedInputOf,
  presence,
  type StandardSchemaV1,
  type StateInputOf,
  subscription,
} from '@wirecall/core';
import { createServer } from '@wirecall/server';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

// The same procedures in zod, valibot and ArkType: inference must agree.
const zodSend = mutation({
  input: z.object({ room: z.string(), times: z.number().default(1) }),
  output: z.object({ id: z.string(), at: z.date() }),
  errors: { ROOM_CLOSED: z.object({ room: z.string() }) },
});
const valibotSend = mutation({
  input: v.object({ room: v.string(), times: v.optional(v.number(), 1) }),
  output: v.object({ id: v.string(), at: v.date() }),
  errors: { ROOM_CLOSED: v.object({ room: v.string() }) },
});
const arktypeSend = mutation({
  input: type({ room: 'string', 'times?': 'number' }).pipe((input) => ({
    room: input.room,
    times: input.times ?? 1,
  })),
  output: type({ id: 'string', at: 'Date' }),
  errors: { ROOM_CLOSED: type({ room: 'string' }) },
});

type CallerInput = { room: string; times?: number | undefined };
type HandlerInput = { room: string; times: number };
type Output = { id: string; at: Date };

describe('Standard Schema inference', () => {
  it('reads zod through z.input / z.output and others through ~standard', () => {
    const schema = z.string().transform((text) => text.length);
    expectTypeOf<InferInput<typeof schema>>().toEqualTypeOf<string>();
    expectTypeOf<InferOutput<typeof schema>>().toEqualTypeOf<number>();
    const valibot = v.pipe(
      v.string(),
      v.transform((text) => text.length),
    );
    expectTypeOf<InferInput<typeof valibot>>().toEqualTypeOf<string>();
    expectTypeOf<InferOutput<typeof valibot>>().toEqualTypeOf<number>();
    const ark = type('string').pipe((text) => text.length);
    expectTypeOf<InferInput<typeof ark>>().toEqualTypeOf<string>();
    expectTypeOf<InferOutput<typeof ark>>().toEqualTypeOf<number>();
    expectTypeOf<InferOutput<StandardSchemaV1<string, Date>>>().toEqualTypeOf<Date>();
  });

  it('types caller input, handler input and output alike for zod, valibot and ArkType', () => {
    expectTypeOf<InputOf<typeof zodSend>>().toEqualTypeOf<CallerInput>();
    expectTypeOf<ParsedInputOf<typeof zodSend>>().toEqualTypeOf<HandlerInput>();
    expectTypeOf<OutputOf<typeof zodSend>>().toEqualTypeOf<Output>();

    expectTypeOf<InputOf<typeof valibotSend>>().toEqualTypeOf<CallerInput>();
    expectTypeOf<ParsedInputOf<typeof valibotSend>>().toEqualTypeOf<HandlerInput>();
    expectTypeOf<OutputOf<typeof valibotSend>>().toEqualTypeOf<Output>();

    expectTypeOf<InputOf<typeof arktypeSend>>().toEqualTypeOf<{ room: string; times?: number }>();
    expectTypeOf<ParsedInputOf<typeof arktypeSend>>().toEqualTypeOf<HandlerInput>();
    expectTypeOf<OutputOf<typeof arktypeSend>>().toEqualTypeOf<Output>();
  });

  it('types handlers, ctx.error and the client from a valibot contract, never any', () => {
    const api = defineContract({
      send: valibotSend,
      ticks: subscription({ input: v.object({ from: v.number() }), event: v.bigint() }),
      online: presence({
        input: v.object({ room: v.string() }),
        state: v.object({ x: v.number() }),
      }),
    });
    createServer(api, {
      handlers: {
        send: (input, ctx) => {
          expectTypeOf(input).toEqualTypeOf<HandlerInput>();
          expectTypeOf(ctx.error).parameter(1).toEqualTypeOf<{ room: string }>();
          return { id: input.room, at: new Date() };
        },
        async *ticks(input) {
          expectTypeOf(input).toEqualTypeOf<{ from: number }>();
          yield 1n;
        },
      },
    });
    const client = createClient(api, { url: 'ws://127.0.0.1:1' });
    expectTypeOf(client.send).parameter(0).toEqualTypeOf<CallerInput>();
    expectTypeOf(client.send).returns.resolves.toEqualTypeOf<Output>();
    expectTypeOf<EventOf<typeof api.ticks>>().toEqualTypeOf<bigint>();
    expectTypeOf<StateInputOf<typeof api.online>>().toEqualTypeOf<{ x: number }>();
    const error: unknown = undefined;
    if (isRpcError(error, 'ROOM_CLOSED', client.send)) {
      expectTypeOf(error.data).toEqualTypeOf<{ room: string }>();
    }
    expectTypeOf<ErrorOf<typeof valibotSend>['code']>().toEqualTypeOf<
      ErrorOf<typeof zodSend>['code']
    >();
  });

  it('types handlers and the client from an ArkType contract', () => {
    const api = defineContract({ send: arktypeSend });
    createServer(api, {
      handlers: {
        send: (input) => {
          expectTypeOf(input).toEqualTypeOf<HandlerInput>();
          return { id: input.room, at: new Date() };
        },
      },
    });
    const client = createClient(api, { url: 'ws://127.0.0.1:1' });
    expectTypeOf(client.send).returns.resolves.toEqualTypeOf<Output>();
  });

  it('refuses what is no Standard Schema', () => {
    // @ts-expect-error a plain object is no schema
    mutation({ input: { parse: (value: unknown) => value } });
  });
});
