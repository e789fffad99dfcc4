import {
  type BuiltinErrorCode,
  type Client,
  type CloseInfo,
  type ConnectionState,
  createClient,
  type ErrorOf,
  type InputIssue,
  isRpcError,
  type RpcError,
  type Subscription,
  type WirecallClient,
} from '@wirecall/client';
import { type ClientMemberName, defineContract, subscription } from '@wirecall/core';
import { testContract } from '@wirecall/test-utils';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const client = createClient(testContract, { url: 'ws://localhost:8080' });

type Message = { id: string; text: string };
type MessagesError = ErrorOf<typeof testContract.chat.messages>;

/** A subscription that declares an error, to see declared and built-in codes side by side. */
const rooms = defineContract({
  chat: {
    messages: subscription({
      input: z.object({ room: z.string() }),
      event: z.object({ id: z.string(), text: z.string() }),
      errors: { ROOM_CLOSED: z.object({ room: z.string() }) },
    }),
  },
});

describe('createClient', () => {
  it('returns a client typed by the contract', () => {
    expectTypeOf(client).toEqualTypeOf<Client<typeof testContract>>();
    expectTypeOf(client).not.toBeAny();
    expectTypeOf(client.chat.send.path).toEqualTypeOf<string>();
    expectTypeOf(client.chat.send.procedure).toEqualTypeOf<typeof testContract.chat.send>();
  });

  it('needs a contract and a url', () => {
    // @ts-expect-error the url is required
    createClient(testContract, {});
    // @ts-expect-error a schema is not a contract
    createClient(z.string(), { url: 'ws://localhost:8080' });
  });
});

describe('queries and mutations', () => {
  it('resolve with the output type', () => {
    expectTypeOf(client.greet({ name: 'Ada' })).toEqualTypeOf<Promise<string>>();
    expectTypeOf(client.echo({ n: 1, s: 'a' })).toEqualTypeOf<Promise<{ n: number; s: string }>>();
    expectTypeOf(client.chat.send({ room: 'a', text: 'hi' })).toEqualTypeOf<
      Promise<{ id: string }>
    >();
    expectTypeOf(client.fail({ how: 'crash' })).toEqualTypeOf<Promise<void>>();
    expectTypeOf(client.greet({ name: 'Ada' })).not.toBeAny();
  });

  it('can be called without an argument when the input is void', () => {
    expectTypeOf(client.ping()).toEqualTypeOf<Promise<'pong'>>();
    expectTypeOf(client.ping(undefined, { timeoutMs: 1_000 })).toEqualTypeOf<Promise<'pong'>>();
    // @ts-expect-error ping takes no input
    client.ping({ name: 'Ada' });
  });

  it('take call options', () => {
    client.greet({ name: 'Ada' }, { timeoutMs: 2_000, signal: AbortSignal.timeout(10) });
    // @ts-expect-error not a call option
    client.greet({ name: 'Ada' }, { retries: 3 });
  });

  it('reject a wrong input', () => {
    // @ts-expect-error greet needs its input
    client.greet();
    // @ts-expect-error name must be a string
    client.greet({ name: 1 });
    // @ts-expect-error name is required
    client.greet({});
    // @ts-expect-error unknown keys
    client.greet({ name: 'Ada', age: 36 });
    // @ts-expect-error not one of the enum's values
    client.fail({ how: 'explode' });
  });

  it('are missing for procedures the contract does not have', () => {
    // @ts-expect-error no procedure named goodbye
    client.goodbye();
    // @ts-expect-error a namespace is not callable
    client.chat({});
  });
});

describe('subscriptions', () => {
  it('type the events in onData and the errors in onError', () => {
    client.chat.messages.subscribe(
      { room: 'general' },
      {
        onData: (message) => {
          expectTypeOf(message).toEqualTypeOf<Message>();
        },
        onError: (error) => {
          expectTypeOf(error).toEqualTypeOf<MessagesError>();
          expectTypeOf(error.code).toEqualTypeOf<BuiltinErrorCode>();
          if (error.code === 'BAD_INPUT') {
            expectTypeOf(error.data).toEqualTypeOf<{ readonly issues: readonly InputIssue[] }>();
          }
        },
        onComplete: () => {},
      },
    );
  });

  it('type declared errors next to the built-in ones', () => {
    const roomsClient = createClient(rooms, { url: 'ws://localhost:8080' });
    roomsClient.chat.messages.subscribe(
      { room: 'general' },
      {
        onData: (message) => expectTypeOf(message).toEqualTypeOf<Message>(),
        onError: (error) => {
          expectTypeOf(error).toEqualTypeOf<ErrorOf<typeof rooms.chat.messages>>();
          expectTypeOf(error.code).toEqualTypeOf<'ROOM_CLOSED' | BuiltinErrorCode>();
          expectTypeOf(error.data).not.toBeAny();
          if (error.code === 'ROOM_CLOSED')
            expectTypeOf(error.data).toEqualTypeOf<{ room: string }>();
        },
      },
    );
  });

  it('are AsyncIterables of the event type', async () => {
    const messages = client.chat.messages.subscribe({ room: 'general' });
    expectTypeOf(messages).toEqualTypeOf<Subscription<Message, MessagesError>>();
    expectTypeOf(messages).toExtend<AsyncIterable<Message>>();
    expectTypeOf(messages.error).toEqualTypeOf<MessagesError | undefined>();
    for await (const message of messages) {
      expectTypeOf(message).toEqualTypeOf<Message>();
      expectTypeOf(message).not.toBeAny();
    }
    for await (const tick of client.ticks.subscribe({ count: 3 })) {
      expectTypeOf(tick).toEqualTypeOf<number>();
    }
  });

  it('leave defaulted input fields optional and need no argument when the input is void', () => {
    client.ticks.subscribe({ count: 3 });
    client.ticks.subscribe({ count: 3, intervalMs: 10 });
    expectTypeOf(client.forever.subscribe()).toEqualTypeOf<
      Subscription<number, ErrorOf<typeof testContract.forever>>
    >();
    client.forever.subscribe(undefined, { onData: (n) => expectTypeOf(n).toEqualTypeOf<number>() });
  });

  it('reject a wrong input or callbacks of the wrong type', () => {
    // @ts-expect-error room is required
    client.chat.messages.subscribe({});
    // @ts-expect-error messages needs its input
    client.chat.messages.subscribe();
    // @ts-expect-error count is required; only intervalMs has a default
    client.ticks.subscribe({ intervalMs: 10 });
    // @ts-expect-error events are numbers
    client.ticks.subscribe({ count: 1 }, { onData: (tick: string) => tick });
    // @ts-expect-error a query is called, not subscribed to
    client.greet.subscribe({ name: 'Ada' });
    // @ts-expect-error a subscription is subscribed to, not called
    client.chat.messages({ room: 'general' });
  });
});

describe('isRpcError', () => {
  const err: unknown = new Error('boom');

  it('narrows to an RpcError', () => {
    if (isRpcError(err)) {
      expectTypeOf(err).toEqualTypeOf<RpcError>();
      expectTypeOf(err.data).toEqualTypeOf<unknown>();
    }
  });

  it('types data by the declared errors of a client handle', () => {
    if (isRpcError(err, 'ROOM_CLOSED', client.chat.send)) {
      expectTypeOf(err.code).toEqualTypeOf<'ROOM_CLOSED'>();
      expectTypeOf(err.data).toEqualTypeOf<{ room: string }>();
      expectTypeOf(err.data).not.toBeAny();
    }
  });

  it('types data by the declared errors of a contract procedure', () => {
    if (isRpcError(err, 'ROOM_CLOSED', testContract.chat.send)) {
      expectTypeOf(err.data).toEqualTypeOf<{ room: string }>();
    }
  });

  it('types the data of built-in codes, with or without a procedure', () => {
    if (isRpcError(err, 'BAD_INPUT')) {
      expectTypeOf(err.code).toEqualTypeOf<'BAD_INPUT'>();
      expectTypeOf(err.data).toEqualTypeOf<{ readonly issues: readonly InputIssue[] }>();
    }
    if (isRpcError(err, 'BAD_INPUT', client.chat.send)) {
      expectTypeOf(err.data).toEqualTypeOf<{ readonly issues: readonly InputIssue[] }>();
    }
    if (isRpcError(err, 'INTERNAL')) expectTypeOf(err.data).toEqualTypeOf<undefined>();
  });

  it('leaves the data of a code it cannot know unknown', () => {
    if (isRpcError(err, 'ROOM_CLOSED')) {
      expectTypeOf(err.code).toEqualTypeOf<'ROOM_CLOSED'>();
      expectTypeOf(err.data).toEqualTypeOf<unknown>();
    }
  });

  it('rejects a code the procedure does not declare', () => {
    // @ts-expect-error chat.send does not declare ROOM_FULL
    isRpcError(err, 'ROOM_FULL', client.chat.send);
    // @ts-expect-error greet declares no errors
    isRpcError(err, 'ROOM_CLOSED', client.greet);
  });
});

describe('the connection', () => {
  it('has a typed state', () => {
    expectTypeOf(client.state).toEqualTypeOf<
      'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed'
    >();
    expectTypeOf(client.state).toEqualTypeOf<ConnectionState>();
  });

  it('emits typed events', () => {
    const stop = client.on('state', (state, previous) => {
      expectTypeOf(state).toEqualTypeOf<ConnectionState>();
      expectTypeOf(previous).toEqualTypeOf<ConnectionState>();
    });
    expectTypeOf(stop).toEqualTypeOf<() => void>();
    client.on('close', (info) => expectTypeOf(info).toEqualTypeOf<CloseInfo>());
    client.on('error', (error) => expectTypeOf(error).toEqualTypeOf<Error>());
    // @ts-expect-error no such event
    client.on('message', () => {});
    // @ts-expect-error state listeners get connection states
    client.on('state', (state: number) => state);
  });
});

describe('the client object', () => {
  it('shows only its controls besides the handles: no internal member', () => {
    expectTypeOf<keyof WirecallClient>().toEqualTypeOf<
      'close' | 'connect' | 'off' | 'on' | 'state' | 'stats'
    >();
    // Each of them is a name defineContract keeps free of procedures.
    expectTypeOf<keyof WirecallClient>().toExtend<ClientMemberName>();
  });
});
