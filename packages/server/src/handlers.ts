import type {
  AnyCallProcedure,
  AnyProcedure,
  ContractShape,
  HandlerEventOf,
  HandlerOutputOf,
  ParsedInputOf,
  PresenceDefinition,
  SubscriptionDefinition,
} from '@wirecall/core';
import type { HandlerContext, SubscriptionRequestContext } from './handlerContext.js';
import type { MiddlewareContextAt } from './middleware/middleware.js';
import type { Tracked } from './tracked.js';

/** Implements a query or mutation: returns (or resolves to) the procedure's output. */
export type CallHandler<TProcedure extends AnyCallProcedure, TContext> = (
  input: ParsedInputOf<TProcedure>,
  ctx: HandlerContext<TContext, TProcedure>,
) =>
  | HandlerOutputOf<TProcedure>
  // `Promise` first: an async handler's result is checked against it by its type argument alone,
  // where `PromiseLike` would compare the two `then` methods.
  | Promise<HandlerOutputOf<TProcedure>>
  | PromiseLike<HandlerOutputOf<TProcedure>>;

/**
 * Implements a subscription: an async generator (or anything returning an AsyncIterable) of
 * events, each plain or wrapped in `tracked(id, event)` to make the stream resumable. Its
 * `finally` runs when the client unsubscribes or disconnects.
 */
export type SubscriptionHandler<TProcedure extends SubscriptionDefinition, TContext> = (
  input: ParsedInputOf<TProcedure>,
  ctx: TContext & SubscriptionRequestContext<TProcedure>,
) => AsyncIterable<HandlerEventOf<TProcedure> | Tracked<HandlerEventOf<TProcedure>>>;

/**
 * Authorises a presence join (throw to refuse, e.g. `ctx.error(...)` or `UNAUTHORIZED`) and may
 * name the member: return its id (a user id, so two tabs are one member), or nothing for the
 * default, derived from the client's session (the same across its reconnects).
 */
export type PresenceHandler<TProcedure extends PresenceDefinition, TContext> = (
  input: ParsedInputOf<TProcedure>,
  ctx: HandlerContext<TContext, TProcedure>,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that only authorises returns nothing.
) => string | undefined | void | PromiseLike<string | undefined | void>;

/** The handler of one procedure. */
export type HandlerFor<
  TProcedure extends AnyProcedure,
  TContext,
> = TProcedure extends SubscriptionDefinition
  ? SubscriptionHandler<TProcedure, TContext>
  : TProcedure extends PresenceDefinition
    ? PresenceHandler<TProcedure, TContext>
    : TProcedure extends AnyCallProcedure
      ? CallHandler<TProcedure, TContext>
      : never;

/** Whether a procedure is a presence, told by its kind: comparing it with {@link PresenceDefinition} would compare its schemas. */
type IsPresence<TValue> = TValue extends { readonly kind: 'presence' } ? true : false;

/** Whether any entry of this namespace level is a presence (whose handler is optional). */
type HasPresence<TContract> = true extends IsPresence<TContract[keyof TContract]> ? true : false;

/**
 * Whether the server's `middleware` list is a tuple of known entries, whose added context is
 * typed per path. Without one (no middleware, or a plain array) no handler's path is computed.
 */
type HasTypedMiddleware<TMiddleware> = TMiddleware extends readonly [unknown, ...unknown[]]
  ? true
  : false;

/** One object type from an intersection, so contextual typing reaches every handler. */
type Flat<TObject> = { [TKey in keyof TObject]: TObject[TKey] };

/** The handler (or the nested handlers) of one entry of a contract. */
type HandlerEntry<
  TEntry,
  TContext,
  TMiddleware extends readonly unknown[],
  TPath extends string,
> = TEntry extends AnyProcedure
  ? HandlerFor<
      TEntry,
      true extends HasTypedMiddleware<TMiddleware>
        ? TContext & MiddlewareContextAt<TMiddleware, TPath>
        : TContext
    >
  : TEntry extends ContractShape
    ? Handlers<TEntry, TContext, TMiddleware, `${TPath}.`>
    : never;

/** The handlers of a namespace level without presences: a plain mapped type, cheapest to check. */
type PlainHandlers<
  TContract,
  TContext,
  TMiddleware extends readonly unknown[],
  TPrefix extends string,
> = {
  readonly [TName in keyof TContract]: HandlerEntry<
    TContract[TName],
    TContext,
    TMiddleware,
    true extends HasTypedMiddleware<TMiddleware> ? `${TPrefix}${TName & string}` : string
  >;
};

/** The handlers of a namespace level with presences: theirs optional, the others required. */
type HandlersWithPresence<
  TContract,
  TContext,
  TMiddleware extends readonly unknown[],
  TPrefix extends string,
> = Flat<
  {
    readonly [TName in keyof TContract as IsPresence<TContract[TName]> extends true
      ? never
      : TName]: HandlerEntry<
      TContract[TName],
      TContext,
      TMiddleware,
      `${TPrefix}${TName & string}`
    >;
  } & {
    readonly [TName in keyof TContract as IsPresence<TContract[TName]> extends true
      ? TName
      : never]?: HandlerEntry<
      TContract[TName],
      TContext,
      TMiddleware,
      `${TPrefix}${TName & string}`
    >;
  }
>;

/**
 * Handlers mirroring the contract: one per procedure, in the same namespaces; a presence's is
 * optional. With the server's `middleware` entries, each handler's `ctx` also has what the
 * entries applying to its path add.
 */
export type Handlers<
  TContract extends ContractShape,
  TContext,
  TMiddleware extends readonly unknown[] = readonly [],
  TPrefix extends string = '',
> =
  true extends HasPresence<TContract>
    ? HandlersWithPresence<TContract, TContext, TMiddleware, TPrefix>
    : PlainHandlers<TContract, TContext, TMiddleware, TPrefix>;
