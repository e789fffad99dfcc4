import {
  type ConnectionState,
  createClient,
  type ErrorOf,
  type InputIssue,
  type RpcError,
} from '@wirecall/client';
import {
  type SubscriptionHookStatus,
  useConnectionState,
  useMutation,
  useQuery,
  useSubscription,
} from '@wirecall/react';
import { describe, expectTypeOf, it } from 'vitest';
import { api } from './fixture.js';

const client = createClient(api, { url: 'ws://localhost:8080', lazy: true });

type Message = { id: string; text: string };
type MessagesError = ErrorOf<typeof api.chat.messages>;

describe('useSubscription', () => {
  it('types data as the latest event and error by the procedure', () => {
    const { data, status, error } = useSubscription(client.chat.messages, { room: 'a' });
    expectTypeOf(data).toEqualTypeOf<Message | undefined>();
    expectTypeOf(status).toEqualTypeOf<SubscriptionHookStatus>();
    expectTypeOf(status).toEqualTypeOf<'idle' | 'connecting' | 'live' | 'reconnecting' | 'error'>();
    expectTypeOf(error).toEqualTypeOf<MessagesError | undefined>();
    expectTypeOf(error).not.toBeAny();
  });

  it('narrows the error by code to its declared data', () => {
    const { error } = useSubscription(client.chat.messages, { room: 'a' });
    if (error?.code === 'ROOM_CLOSED') expectTypeOf(error.data).toEqualTypeOf<{ room: string }>();
    if (error?.code === 'BAD_INPUT')
      expectTypeOf(error.data.issues).toEqualTypeOf<readonly InputIssue[]>();
    expectTypeOf<NonNullable<typeof error>>().toExtend<RpcError>();
  });

  it('types the data of keep and reduce', () => {
    const kept = useSubscription(client.chat.messages, { room: 'a' }, { keep: 10 });
    expectTypeOf(kept.data).toEqualTypeOf<readonly Message[]>();
    const folded = useSubscription(
      client.chat.messages,
      { room: 'a' },
      { initialData: [] as string[], reduce: (texts, message) => [...texts, message.text] },
    );
    expectTypeOf(folded.data).toEqualTypeOf<string[]>();
    const counted = useSubscription(
      client.ticks,
      { count: 3 },
      { initialData: { sum: 0 }, reduce: (acc, tick) => ({ sum: acc.sum + tick }) },
    );
    expectTypeOf(counted.data).toEqualTypeOf<{ sum: number }>();
  });

  it('types the callbacks from the contract', () => {
    useSubscription(
      client.chat.messages,
      { room: 'a' },
      {
        onData: (message) => expectTypeOf(message).toEqualTypeOf<Message>(),
        onError: (error) => expectTypeOf(error).toEqualTypeOf<MessagesError>(),
        enabled: false,
      },
    );
  });

  it('checks the input', () => {
    // @ts-expect-error the room is a string
    useSubscription(client.chat.messages, { room: 1 });
    // @ts-expect-error the input is required
    useSubscription(client.chat.messages);
    // A procedure without input needs none.
    expectTypeOf(useSubscription(client.clock).data).toEqualTypeOf<number | undefined>();
    // @ts-expect-error queries are not subscriptions
    useSubscription(client.greet, { name: 'a' });
  });
});

describe('useQuery', () => {
  it('types data, error and refetch', () => {
    const { data, status, error, refetch, fetching } = useQuery(client.greet, { name: 'Ada' });
    expectTypeOf(data).toEqualTypeOf<string | undefined>();
    expectTypeOf(status).toEqualTypeOf<'idle' | 'pending' | 'success' | 'error'>();
    expectTypeOf(error).toEqualTypeOf<ErrorOf<typeof api.greet> | undefined>();
    if (error?.code === 'SHY') expectTypeOf(error.data).toEqualTypeOf<{ name: string }>();
    expectTypeOf(refetch).toEqualTypeOf<() => Promise<void>>();
    expectTypeOf(fetching).toEqualTypeOf<boolean>();
    expectTypeOf(useQuery(client.now).data).toEqualTypeOf<number | undefined>();
    useQuery(client.now, undefined, { enabled: false, refetchOnReconnect: true });
  });

  it('only takes queries, with their input', () => {
    // @ts-expect-error the name is a string
    useQuery(client.greet, { name: 1 });
    // @ts-expect-error mutations are not run by rendering
    useQuery(client.chat.send, { room: 'a', text: 'b' });
    // @ts-expect-error subscriptions are not queries
    useQuery(client.chat.messages, { room: 'a' });
  });
});

describe('useMutation', () => {
  it('types mutate, mutateAsync, data and error', () => {
    const send = useMutation(client.chat.send, {
      onSuccess: (data, input) => {
        expectTypeOf(data).toEqualTypeOf<{ id: string }>();
        expectTypeOf(input).toEqualTypeOf<{ room: string; text: string }>();
      },
    });
    expectTypeOf(send.mutate).parameter(0).toEqualTypeOf<{ room: string; text: string }>();
    expectTypeOf(send.mutateAsync({ room: 'a', text: 'b' })).toEqualTypeOf<
      Promise<{ id: string }>
    >();
    expectTypeOf(send.data).toEqualTypeOf<{ id: string } | undefined>();
    expectTypeOf(send.error).toEqualTypeOf<ErrorOf<typeof api.chat.send> | undefined>();
    expectTypeOf(send.status).toEqualTypeOf<'idle' | 'pending' | 'success' | 'error'>();
    expectTypeOf(send.reset).toEqualTypeOf<() => void>();
    if (send.error?.code === 'ROOM_CLOSED') {
      expectTypeOf(send.error.data).toEqualTypeOf<{ room: string }>();
    }
    // @ts-expect-error the text is required
    send.mutate({ room: 'a' });
    // @ts-expect-error subscriptions are not mutations
    useMutation(client.chat.messages);
  });
});

describe('useConnectionState', () => {
  it('returns the connection state', () => {
    expectTypeOf(useConnectionState()).toEqualTypeOf<ConnectionState>();
  });
});
