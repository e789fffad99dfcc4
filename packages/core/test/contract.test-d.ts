import {
  type BuiltinErrorCode,
  type BuiltinErrorData,
  type DeclaredErrorCodeOf,
  type DeclaredErrorDataOf,
  defineContract,
  type ErrorCodeOf,
  type ErrorOf,
  type EventOf,
  type HandlerEventOf,
  type HandlerOutputOf,
  type InputOf,
  type MutationDefinition,
  mutation,
  type OutputOf,
  type ParsedInputOf,
  type ProcedureAt,
  type ProcedurePath,
  type QueryDefinition,
  query,
  type RpcError,
  type SubscriptionDefinition,
  subscription,
} from '@wirecall/core';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

// biome-ignore lint/complexity/noBannedTypes: `{}` is how the builders spell "no declared errors".
type NoErrors = {};

const roomClosed = z.object({ room: z.string() });

const api = defineContract({
  greet: query({ input: z.object({ name: z.string() }), output: z.string() }),
  ping: query({ output: z.literal('pong') }),
  reset: mutation({}),
  chat: {
    send: mutation({
      input: z.object({ room: z.string(), text: z.string().min(1) }),
      output: z.object({ id: z.string() }),
      errors: {
        ROOM_CLOSED: roomClosed,
        SLOW_DOWN: z.object({ retryAfterMs: z.number() }).optional(),
      },
    }),
    messages: subscription({
      input: z.object({ room: z.string(), limit: z.number().default(50) }),
      event: z.object({
        id: z.string(),
        text: z.string(),
        at: z.string().transform((s) => new Date(s)),
      }),
      errors: { ROOM_CLOSED: roomClosed },
    }),
  },
  forever: subscription({ event: z.number() }),
  admin: {
    rooms: {
      audit: {
        list: query({
          input: z.object({ page: z.number().int().default(1) }),
          output: z.array(z.object({ room: z.string() })),
        }),
        purge: mutation({
          input: z.object({ before: z.string() }),
          errors: { LOCKED: z.undefined() },
        }),
      },
    },
  },
});

type Api = typeof api;
type Greet = Api['greet'];
type Send = Api['chat']['send'];
type Messages = Api['chat']['messages'];
type List = Api['admin']['rooms']['audit']['list'];

describe('procedure builders', () => {
  it('query() infers the input, output and error schemas', () => {
    expectTypeOf(api.greet).toEqualTypeOf<
      QueryDefinition<z.ZodObject<{ name: z.ZodString }, z.core.$strip>, z.ZodString, NoErrors>
    >();
    expectTypeOf(api.greet.kind).toEqualTypeOf<'query'>();
    expectTypeOf(api.greet.input).not.toBeAny();
    expectTypeOf(api.greet.output).toEqualTypeOf<z.ZodString>();
  });

  it('mutation() infers the declared errors by code', () => {
    expectTypeOf(api.chat.send.kind).toEqualTypeOf<'mutation'>();
    expectTypeOf(api.chat.send.errors).toEqualTypeOf<{
      ROOM_CLOSED: typeof roomClosed;
      SLOW_DOWN: z.ZodOptional<z.ZodObject<{ retryAfterMs: z.ZodNumber }, z.core.$strip>>;
    }>();
    expectTypeOf(api.chat.send).toExtend<MutationDefinition>();
  });

  it('subscription() infers the event schema', () => {
    expectTypeOf(api.forever).toEqualTypeOf<
      SubscriptionDefinition<z.ZodVoid, z.ZodNumber, NoErrors>
    >();
    expectTypeOf(api.chat.messages.kind).toEqualTypeOf<'subscription'>();
    expectTypeOf(api.chat.messages.event).not.toBeAny();
  });

  it('defaults an omitted input and output to void and omitted errors to none', () => {
    expectTypeOf(api.ping).toEqualTypeOf<
      QueryDefinition<z.ZodVoid, z.ZodLiteral<'pong'>, NoErrors>
    >();
    expectTypeOf(api.reset).toEqualTypeOf<MutationDefinition<z.ZodVoid, z.ZodVoid, NoErrors>>();
    expectTypeOf<InputOf<Api['ping']>>().toEqualTypeOf<void>();
    expectTypeOf<OutputOf<Api['reset']>>().toEqualTypeOf<void>();
    expectTypeOf<DeclaredErrorCodeOf<Api['ping']>>().toBeNever();
  });

  it('rejects options that are not schemas', () => {
    // @ts-expect-error input must be a zod schema
    query({ input: { name: 'string' } });
    // @ts-expect-error every declared error needs a schema for its data
    mutation({ errors: { ROOM_CLOSED: true } });
    // @ts-expect-error a subscription needs an event schema
    subscription({ input: z.string() });
  });
});

describe('defineContract', () => {
  it('returns the contract with every procedure type intact', () => {
    expectTypeOf(api.chat.send).toEqualTypeOf<Send>();
    expectTypeOf(api.admin.rooms.audit.list.kind).toEqualTypeOf<'query'>();
    expectTypeOf<Api>().not.toBeAny();
  });

  it('rejects entries that are neither procedures nor namespaces', () => {
    // @ts-expect-error a schema is not a procedure
    defineContract({ greet: z.string() });
    // @ts-expect-error nor is a number, however deep
    defineContract({ chat: { rooms: { count: 3 } } });
  });
});

describe('InputOf and ParsedInputOf', () => {
  it('give what a caller passes and what a handler receives', () => {
    expectTypeOf<InputOf<Greet>>().toEqualTypeOf<{ name: string }>();
    expectTypeOf<ParsedInputOf<Greet>>().toEqualTypeOf<{ name: string }>();
  });

  it('leave a defaulted field optional for the caller and required for the handler', () => {
    expectTypeOf<InputOf<Messages>>().toEqualTypeOf<{ room: string; limit?: number | undefined }>();
    expectTypeOf<ParsedInputOf<Messages>>().toEqualTypeOf<{ room: string; limit: number }>();
    expectTypeOf<InputOf<List>>().toEqualTypeOf<{ page?: number | undefined }>();
    expectTypeOf<ParsedInputOf<List>>().toEqualTypeOf<{ page: number }>();
  });

  it('are never any', () => {
    expectTypeOf<InputOf<Greet>>().not.toBeAny();
    expectTypeOf<ParsedInputOf<Messages>>().not.toBeAny();
    expectTypeOf<InputOf<Api['forever']>>().not.toBeAny();
  });
});

describe('OutputOf and EventOf', () => {
  it('give the parsed output of a call', () => {
    expectTypeOf<OutputOf<Greet>>().toEqualTypeOf<string>();
    expectTypeOf<OutputOf<Send>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<OutputOf<List>>().toEqualTypeOf<{ room: string }[]>();
    expectTypeOf<OutputOf<Api['ping']>>().toEqualTypeOf<'pong'>();
  });

  it('give the parsed event, while the handler yields its input form', () => {
    expectTypeOf<EventOf<Messages>>().toEqualTypeOf<{ id: string; text: string; at: Date }>();
    expectTypeOf<HandlerEventOf<Messages>>().toEqualTypeOf<{
      id: string;
      text: string;
      at: string;
    }>();
    expectTypeOf<EventOf<Api['forever']>>().toEqualTypeOf<number>();
    expectTypeOf<HandlerOutputOf<Send>>().toEqualTypeOf<{ id: string }>();
  });

  it('accept only procedures of the right kind', () => {
    // @ts-expect-error a subscription has no output
    expectTypeOf<OutputOf<Messages>>();
    // @ts-expect-error a query has no events
    expectTypeOf<EventOf<Greet>>();
  });

  it('are never any', () => {
    expectTypeOf<OutputOf<Send>>().not.toBeAny();
    expectTypeOf<EventOf<Messages>>().not.toBeAny();
    expectTypeOf<OutputOf<Api['reset']>>().not.toBeAny();
  });
});

describe('ErrorCodeOf and ErrorOf', () => {
  it('list the declared codes and the built-in ones', () => {
    expectTypeOf<DeclaredErrorCodeOf<Send>>().toEqualTypeOf<'ROOM_CLOSED' | 'SLOW_DOWN'>();
    expectTypeOf<ErrorCodeOf<Send>>().toEqualTypeOf<
      'ROOM_CLOSED' | 'SLOW_DOWN' | BuiltinErrorCode
    >();
    expectTypeOf<ErrorCodeOf<Greet>>().toEqualTypeOf<BuiltinErrorCode>();
    expectTypeOf<ErrorCodeOf<Send>>().not.toBeAny();
  });

  it('map each declared code to its data', () => {
    expectTypeOf<DeclaredErrorDataOf<Send['errors']>>().toEqualTypeOf<{
      ROOM_CLOSED: { room: string };
      SLOW_DOWN: { retryAfterMs: number } | undefined;
    }>();
  });

  it('is a union of RpcErrors discriminated by code', () => {
    type SendError = ErrorOf<Send>;
    expectTypeOf<SendError>().not.toBeAny();
    expectTypeOf<SendError['code']>().toEqualTypeOf<ErrorCodeOf<Send>>();
    expectTypeOf<Extract<SendError, { code: 'ROOM_CLOSED' }>>().toEqualTypeOf<
      RpcError<'ROOM_CLOSED', { room: string }>
    >();
    expectTypeOf<Extract<SendError, { code: 'SLOW_DOWN' }>['data']>().toEqualTypeOf<
      { retryAfterMs: number } | undefined
    >();
    expectTypeOf<Extract<SendError, { code: 'BAD_INPUT' }>['data']>().toEqualTypeOf<
      BuiltinErrorData['BAD_INPUT']
    >();
    expectTypeOf<Extract<ErrorOf<List>, { code: 'INTERNAL' }>['data']>().toEqualTypeOf<undefined>();

    const error = {} as SendError;
    if (error.code === 'ROOM_CLOSED') expectTypeOf(error.data.room).toEqualTypeOf<string>();
  });

  it('has only the built-in errors when none are declared', () => {
    expectTypeOf<ErrorOf<Greet>['code']>().toEqualTypeOf<BuiltinErrorCode>();
    expectTypeOf<ErrorOf<Api['forever']>>().not.toBeAny();
  });

  it('works on errors declared several namespaces deep', () => {
    type Purge = Api['admin']['rooms']['audit']['purge'];
    expectTypeOf<Extract<ErrorOf<Purge>, { code: 'LOCKED' }>>().toEqualTypeOf<
      RpcError<'LOCKED', undefined>
    >();
  });
});

describe('ProcedurePath and ProcedureAt', () => {
  it('list every dotted path that leads to a procedure', () => {
    expectTypeOf<ProcedurePath<Api>>().toEqualTypeOf<
      | 'greet'
      | 'ping'
      | 'reset'
      | 'chat.send'
      | 'chat.messages'
      | 'forever'
      | 'admin.rooms.audit.list'
      | 'admin.rooms.audit.purge'
    >();
    expectTypeOf<ProcedurePath<Api>>().not.toBeAny();
  });

  it('give the procedure at a path, at any depth', () => {
    expectTypeOf<ProcedureAt<Api, 'greet'>>().toEqualTypeOf<Greet>();
    expectTypeOf<ProcedureAt<Api, 'chat.send'>>().toEqualTypeOf<Send>();
    expectTypeOf<ProcedureAt<Api, 'admin.rooms.audit.list'>>().toEqualTypeOf<List>();
    expectTypeOf<ProcedureAt<Api, 'chat.messages'>>().not.toBeAny();
  });

  it('give never for a path that is not a procedure', () => {
    expectTypeOf<ProcedureAt<Api, 'chat'>>().toBeNever();
    expectTypeOf<ProcedureAt<Api, 'chat.nope'>>().toBeNever();
    expectTypeOf<ProcedureAt<Api, 'greet.name'>>().toBeNever();
    expectTypeOf<ProcedureAt<Api, 'admin.rooms'>>().toBeNever();
  });

  it('compose with the other helpers', () => {
    expectTypeOf<OutputOf<ProcedureAt<Api, 'chat.send'>>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<ParsedInputOf<ProcedureAt<Api, 'admin.rooms.audit.list'>>>().toEqualTypeOf<{
      page: number;
    }>();
  });
});
