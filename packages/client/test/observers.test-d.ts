import {
  createClient,
  type ErrorOf,
  type InputIssue,
  MutationObserver,
  type MutationStatus,
  QueryObserver,
  type QueryStatus,
  type RpcError,
  SubscriptionObserver,
  type SubscriptionObserverStatus,
} from '@wirecall/client';
import { liveContract as api } from '@wirecall/test-utils';
import { describe, expectTypeOf, it } from 'vitest';

const client = createClient(api, { url: 'ws://localhost:8080', lazy: true });

type Message = { id: string; text: string };

describe('SubscriptionObserver', () => {
  it('types data as the latest event and the error by the procedure', () => {
    const observer = new SubscriptionObserver(client.chat.messages, { room: 'a' });
    const { data, status, error } = observer.getSnapshot();
    expectTypeOf(data).toEqualTypeOf<Message | undefined>();
    expectTypeOf(data).not.toBeAny();
    expectTypeOf(status).toEqualTypeOf<SubscriptionObserverStatus>();
    expectTypeOf(error).toEqualTypeOf<ErrorOf<typeof api.chat.messages> | undefined>();
    expectTypeOf(error).not.toBeAny();
    if (error?.code === 'ROOM_CLOSED') expectTypeOf(error.data).toEqualTypeOf<{ room: string }>();
    if (error?.code === 'BAD_INPUT')
      expectTypeOf(error.data.issues).toEqualTypeOf<readonly InputIssue[]>();
    expectTypeOf(observer.getServerSnapshot()).toEqualTypeOf(observer.getSnapshot());
  });

  it('infers the data of a fold from its initial data and reducer', () => {
    const texts = new SubscriptionObserver(
      client.chat.messages,
      { room: 'a' },
      {
        initialData: [] as string[],
        reduce: (all, message) => {
          expectTypeOf(all).toEqualTypeOf<string[]>();
          expectTypeOf(message).toEqualTypeOf<Message>();
          return [...all, message.text];
        },
      },
    );
    expectTypeOf(texts.getSnapshot().data).toEqualTypeOf<string[]>();
    const sum = new SubscriptionObserver(
      client.ticks,
      { count: 3 },
      { initialData: 0, reduce: (total, tick) => total + tick },
    );
    expectTypeOf(sum.getSnapshot().data).toEqualTypeOf<number>();
  });

  it('types the callbacks and the input from the contract', () => {
    new SubscriptionObserver(
      client.chat.messages,
      { room: 'a' },
      {
        onData: (message) => expectTypeOf(message).toEqualTypeOf<Message>(),
        onError: (error) => expectTypeOf(error).toExtend<RpcError>(),
      },
    );
    // No input to give: it may be left out.
    expectTypeOf(new SubscriptionObserver(client.clock).getSnapshot().data).toEqualTypeOf<
      number | undefined
    >();
    // @ts-expect-error the input is required and checked
    new SubscriptionObserver(client.chat.messages);
    // @ts-expect-error wrong input
    new SubscriptionObserver(client.chat.messages, { room: 1 });
    // @ts-expect-error a reducer needs initial data
    new SubscriptionObserver(client.ticks, { count: 1 }, { reduce: (a: number, b) => a + b });
    // @ts-expect-error a query handle is no subscription
    new SubscriptionObserver(client.greet, { name: 'a' });
  });

  it('has what useSyncExternalStore and other stores need', () => {
    const observer = new SubscriptionObserver(client.clock);
    expectTypeOf(observer.subscribe).toEqualTypeOf<(onChange: () => void) => () => void>();
    expectTypeOf(observer.getSnapshot).returns.toHaveProperty('data');
  });
});

describe('QueryObserver', () => {
  it('types data by the output and the error by the procedure', () => {
    const observer = new QueryObserver(client.greet, { name: 'Ada' }, { enabled: true });
    const snapshot = observer.getSnapshot();
    expectTypeOf(snapshot.data).toEqualTypeOf<string | undefined>();
    expectTypeOf(snapshot.data).not.toBeAny();
    expectTypeOf(snapshot.status).toEqualTypeOf<QueryStatus>();
    expectTypeOf(snapshot.error).toEqualTypeOf<ErrorOf<typeof api.greet> | undefined>();
    if (snapshot.error?.code === 'SHY')
      expectTypeOf(snapshot.error.data).toEqualTypeOf<{ name: string }>();
    expectTypeOf(snapshot.refetch).toEqualTypeOf<() => Promise<void>>();
    expectTypeOf(new QueryObserver(client.now).getSnapshot().data).toEqualTypeOf<
      number | undefined
    >();
    // @ts-expect-error wrong input
    new QueryObserver(client.greet, { name: 1 });
    // @ts-expect-error a mutation is not a query
    new QueryObserver(client.chat.send, { room: 'a', text: 'b' });
  });
});

describe('MutationObserver', () => {
  it('types the input, the result and the error from the contract', () => {
    const send = new MutationObserver(client.chat.send, {
      onSuccess: (data, input) => {
        expectTypeOf(data).toEqualTypeOf<{ id: string }>();
        expectTypeOf(input).toEqualTypeOf<{ room: string; text: string }>();
      },
    });
    const state = send.getSnapshot();
    expectTypeOf(state.status).toEqualTypeOf<MutationStatus>();
    expectTypeOf(state.data).toEqualTypeOf<{ id: string } | undefined>();
    expectTypeOf(state.error).toEqualTypeOf<ErrorOf<typeof api.chat.send> | undefined>();
    expectTypeOf(send.mutateAsync({ room: 'a', text: 'b' })).resolves.toEqualTypeOf<{
      id: string;
    }>();
    // @ts-expect-error wrong input
    send.mutate({ room: 'a' });
  });
});
