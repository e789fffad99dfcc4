import type {
  AnyCallProcedure,
  AnyProcedure,
  ContractShape,
  ErrorOf,
  EventOf,
  InputOf,
  OutputOf,
  PresenceDefinition,
  QueryDefinition,
  StateInputOf,
  StateOf,
  SubscriptionDefinition,
} from '@wirecall/core';
import type { WatchFunction, WatchOf } from './live/watchTypes.js';
import type { CallOptions } from './operations/PendingCall.js';
import type { SubscribeOptions, Subscription } from './operations/Subscription.js';
import type { PresenceRoom } from './presence/PresenceRoom.js';

/** What every procedure handle carries besides its call signature. */
export interface HandleInfo<TProcedure extends AnyProcedure> {
  /** Dotted path of the procedure, e.g. `chat.send`. */
  readonly path: string;
  /** The procedure's definition from the contract. */
  readonly procedure: TProcedure;
}

/**
 * A query or mutation on the client: call it like an async function.
 * @example
 * const text = await client.greet({ name: 'Ada' }, { timeoutMs: 2_000 });
 */
export type CallHandle<TProcedure extends AnyCallProcedure> = HandleInfo<TProcedure> &
  (undefined extends InputOf<TProcedure>
    ? (input?: InputOf<TProcedure>, options?: CallOptions) => Promise<OutputOf<TProcedure>>
    : (input: InputOf<TProcedure>, options?: CallOptions) => Promise<OutputOf<TProcedure>>);

/**
 * A query on the client: call it like an async function, or `watch` it to keep its result live.
 * @example
 * const todos = await client.todos.list({ listId });
 * const stop = client.todos.list.watch({ listId }, (todos) => render(todos));
 */
export type QueryHandle<TProcedure extends QueryDefinition> = CallHandle<TProcedure> & {
  /** Keeps the query's result live: see {@link WatchFunction}. */
  readonly watch: WatchOf<TProcedure>;
};

/** The subscription a handle returns: typed events and errors. */
export type SubscriptionOf<TProcedure extends SubscriptionDefinition> = Subscription<
  EventOf<TProcedure>,
  ErrorOf<TProcedure>
>;

/**
 * A subscription on the client.
 * @example
 * const sub = client.chat.messages.subscribe({ room: 'a' }, { onData: (m) => console.log(m.text) });
 * for await (const message of client.chat.messages.subscribe({ room: 'a' })) console.log(message);
 */
export interface SubscriptionHandle<TProcedure extends SubscriptionDefinition>
  extends HandleInfo<TProcedure> {
  /** Starts the subscription; returns it at once, before the server confirms it. */
  subscribe: undefined extends InputOf<TProcedure>
    ? (
        input?: InputOf<TProcedure>,
        options?: SubscribeOptions<EventOf<TProcedure>, ErrorOf<TProcedure>>,
      ) => SubscriptionOf<TProcedure>
    : (
        input: InputOf<TProcedure>,
        options?: SubscribeOptions<EventOf<TProcedure>, ErrorOf<TProcedure>>,
      ) => SubscriptionOf<TProcedure>;
}

/** The room a presence handle's `join` returns: members typed by the contract's `state`. */
export type PresenceRoomOf<TProcedure extends PresenceDefinition> = PresenceRoom<
  StateOf<TProcedure>,
  StateInputOf<TProcedure>,
  EventOf<TProcedure>
>;

/**
 * A presence on the client.
 * @example
 * const room = client.chat.online.join({ room: 'a' }, { name: 'Ada', typing: false });
 * const stop = room.subscribe((members) => render(members));
 * room.update({ name: 'Ada', typing: true });
 * room.leave();
 */
export interface PresenceHandle<TProcedure extends PresenceDefinition>
  extends HandleInfo<TProcedure> {
  /** Joins the room with a first state; returns the room at once, before the server confirms it. */
  join: (input: InputOf<TProcedure>, state: StateInputOf<TProcedure>) => PresenceRoomOf<TProcedure>;
}

/** The handle of one procedure. */
export type HandleFor<TProcedure extends AnyProcedure> = TProcedure extends SubscriptionDefinition
  ? SubscriptionHandle<TProcedure>
  : TProcedure extends PresenceDefinition
    ? PresenceHandle<TProcedure>
    : TProcedure extends QueryDefinition
      ? QueryHandle<TProcedure>
      : TProcedure extends AnyCallProcedure
        ? CallHandle<TProcedure>
        : never;

/** Typed handles mirroring the contract's namespaces. */
export type ClientHandles<TContract extends ContractShape> = {
  readonly [TName in keyof TContract]: TContract[TName] extends AnyProcedure
    ? HandleFor<TContract[TName]>
    : TContract[TName] extends ContractShape
      ? ClientHandles<TContract[TName]>
      : never;
};
