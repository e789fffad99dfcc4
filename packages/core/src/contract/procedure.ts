import { z } from 'zod';

/** The kinds of procedure a contract can declare. */
export type ProcedureKind = 'query' | 'mutation' | 'subscription' | 'presence';

/** Declared errors of a procedure: each error code mapped to the zod schema of its `data`. */
export type ErrorSchemas = Record<string, z.ZodType>;

import { assertFlowOptions, type FlowOptions } from './flowOptions.js';

/** Marks procedure definitions so namespaces and procedures can never be confused. */
export const PROCEDURE_BRAND: unique symbol = Symbol.for('wirecall.procedure') as never;

interface ProcedureBase<
  TKind extends ProcedureKind,
  TInput extends z.ZodType,
  TErrors extends ErrorSchemas,
> {
  readonly [PROCEDURE_BRAND]: true;
  readonly kind: TKind;
  /** Schema every input is validated against on the server. */
  readonly input: TInput;
  /** Declared errors, by code. */
  readonly errors: TErrors;
  /** Human description, shown in generated docs. */
  readonly description: string | undefined;
}

/** A request/response procedure without side effects; safe to retry. */
export interface QueryDefinition<
  TInput extends z.ZodType = z.ZodType,
  TOutput extends z.ZodType = z.ZodType,
  TErrors extends ErrorSchemas = ErrorSchemas,
> extends ProcedureBase<'query', TInput, TErrors> {
  /** Schema of the result. */
  readonly output: TOutput;
  /**
   * Whether watches of this query from different connections may share one server evaluation
   * (see the live queries guide): true only when its result reads nothing per-user from `ctx`.
   * Absent in definitions made before live queries, which reads as false.
   */
  readonly shared?: boolean;
  /**
   * Whether the query may be sent as an HTTP GET (input in the URL, cacheable by HTTP caches):
   * true only when declared with `safe: true`. Absent otherwise, which reads as false.
   */
  readonly safe?: boolean;
}

/** A request/response procedure with side effects; run at most once. */
export interface MutationDefinition<
  TInput extends z.ZodType = z.ZodType,
  TOutput extends z.ZodType = z.ZodType,
  TErrors extends ErrorSchemas = ErrorSchemas,
> extends ProcedureBase<'mutation', TInput, TErrors> {
  /** Schema of the result. */
  readonly output: TOutput;
}

/** A stream of events started by one input. */
export interface SubscriptionDefinition<
  TInput extends z.ZodType = z.ZodType,
  TEvent extends z.ZodType = z.ZodType,
  TErrors extends ErrorSchemas = ErrorSchemas,
> extends ProcedureBase<'subscription', TInput, TErrors> {
  /** Schema of each event. */
  readonly event: TEvent;
  /** Flow-control defaults for this subscription. */
  readonly flow: FlowOptions | undefined;
}

/**
 * Who is in a room right now and what each of them shares: `input` names the room, `state` is
 * what each member shares (typing, cursor, ready). Clients `join` it; see the presence guide.
 */
export interface PresenceDefinition<
  TInput extends z.ZodType = z.ZodType,
  TState extends z.ZodType = z.ZodType,
  TErrors extends ErrorSchemas = ErrorSchemas,
> extends ProcedureBase<'presence', TInput, TErrors> {
  /** Schema of each member's state, checked on the server at every join and update. */
  readonly state: TState;
}

/** Any procedure definition. */
export type AnyProcedure =
  | QueryDefinition
  | MutationDefinition
  | SubscriptionDefinition
  | PresenceDefinition;

/**
 * What a contract's shape checks of a procedure: its brand and kind, never its schemas. Checked
 * against {@link AnyProcedure} instead, every procedure's zod schemas are compared structurally
 * with `z.ZodType` (zod's classes share nothing between two schemas), which made `defineContract`
 * most of a contract's type-checking cost; the brand tells a procedure apart just as well.
 */
export interface ProcedureLike {
  readonly [PROCEDURE_BRAND]: true;
  readonly kind: ProcedureKind;
}

/** Any query or mutation definition. */
export type AnyCallProcedure = QueryDefinition | MutationDefinition;

/** Options of {@link query} and {@link mutation}. */
export interface CallProcedureOptions<
  TInput extends z.ZodType,
  TOutput extends z.ZodType,
  TErrors extends ErrorSchemas,
> {
  /** Input schema. @default z.void() */
  input?: TInput;
  /** Output schema. @default z.void() */
  output?: TOutput;
  /** Declared errors: code to schema of the error's data. @default {} */
  errors?: TErrors;
  /** Shown in generated docs. */
  description?: string;
}

/** Options of {@link query}: those of {@link mutation}, plus how its live watches are shared. */
export interface QueryOptions<
  TInput extends z.ZodType,
  TOutput extends z.ZodType,
  TErrors extends ErrorSchemas,
> extends CallProcedureOptions<TInput, TOutput, TErrors> {
  /**
   * Lets watches from different connections share one evaluation of the same input: declare it
   * only when the result is the same for every user (it reads no per-user `ctx`). Watches on one
   * connection always share. @default false
   */
  shared?: boolean;
  /**
   * Declares the query safe in HTTP's sense: running it changes nothing, so the HTTP transport
   * may send it as a GET (its input JSON in the URL's `input` parameter; credentials stay in
   * headers), which HTTP caches and CDNs can cache under the headers you add. A safe query can
   * be run by any page's plain GET, so it must read nothing it would not show to that page's
   * user. Mutations and other queries are never run by a GET. @default false
   */
  safe?: boolean;
}

/** Options of {@link subscription}. */
export interface SubscriptionOptions<
  TInput extends z.ZodType,
  TEvent extends z.ZodType,
  TErrors extends ErrorSchemas,
> {
  /** Input schema. @default z.void() */
  input?: TInput;
  /** Schema of each event. */
  event: TEvent;
  /** Declared errors: code to schema of the error's data. @default {} */
  errors?: TErrors;
  /** Flow-control defaults. */
  flow?: FlowOptions;
  /** Shown in generated docs. */
  description?: string;
}

/** Options of {@link presence}. */
export interface PresenceOptions<
  TInput extends z.ZodType,
  TState extends z.ZodType,
  TErrors extends ErrorSchemas,
> {
  /** Names the room, e.g. `z.object({ room: z.string() })`. @default z.void() (one room) */
  input?: TInput;
  /** What each member shares. */
  state: TState;
  /** Declared errors a join can fail with (thrown by the server's join handler). @default {} */
  errors?: TErrors;
  /** Shown in generated docs. */
  description?: string;
}

// biome-ignore lint/complexity/noBannedTypes: `{}` is the honest type of "no declared errors".
type NoErrors = {};

function base<TKind extends ProcedureKind>(
  kind: TKind,
  options: { input?: z.ZodType; errors?: ErrorSchemas; description?: string },
) {
  const errors = options.errors ?? {};
  for (const [code, schema] of Object.entries(errors)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) {
      throw new TypeError(`Error code "${code}" must be UPPER_SNAKE_CASE`);
    }
    assertSchema(schema, `errors.${code}`);
  }
  const input = options.input ?? z.void();
  assertSchema(input, 'input');
  return {
    [PROCEDURE_BRAND]: true as const,
    kind,
    input,
    errors,
    description: options.description,
  };
}

function assertSchema(value: unknown, where: string): void {
  if (!(value instanceof z.ZodType)) {
    throw new TypeError(`${where} must be a zod schema`);
  }
}

/**
 * Declares a query: a side-effect-free request/response procedure.
 * @example
 * const greet = query({ input: z.object({ name: z.string() }), output: z.string() });
 */
export function query<
  TInput extends z.ZodType = z.ZodVoid,
  TOutput extends z.ZodType = z.ZodVoid,
  TErrors extends ErrorSchemas = NoErrors,
>(
  options: QueryOptions<TInput, TOutput, TErrors>,
): QueryDefinition<NoInfer<TInput>, NoInfer<TOutput>, NoInfer<TErrors>> {
  const output = options.output ?? z.void();
  assertSchema(output, 'output');
  if (options.shared !== undefined && typeof options.shared !== 'boolean')
    throw new TypeError('query(): shared must be true or false');
  if (options.safe !== undefined && typeof options.safe !== 'boolean')
    throw new TypeError('query(): safe must be true or false');
  return Object.freeze({
    ...base('query', options),
    output,
    // Only when declared: definitions (and their generated docs) stay as they were otherwise.
    ...(options.shared === true ? { shared: true } : {}),
    ...(options.safe === true ? { safe: true } : {}),
  }) as QueryDefinition<TInput, TOutput, TErrors>;
}

/**
 * Declares a mutation: a request/response procedure with side effects.
 * @example
 * const send = mutation({
 *   input: z.object({ text: z.string() }),
 *   output: z.object({ id: z.string() }),
 *   errors: { ROOM_CLOSED: z.object({ room: z.string() }) },
 * });
 */
export function mutation<
  TInput extends z.ZodType = z.ZodVoid,
  TOutput extends z.ZodType = z.ZodVoid,
  TErrors extends ErrorSchemas = NoErrors,
>(
  options: CallProcedureOptions<TInput, TOutput, TErrors>,
): MutationDefinition<NoInfer<TInput>, NoInfer<TOutput>, NoInfer<TErrors>> {
  const output = options.output ?? z.void();
  assertSchema(output, 'output');
  return Object.freeze({ ...base('mutation', options), output }) as MutationDefinition<
    TInput,
    TOutput,
    TErrors
  >;
}

/**
 * Declares a subscription: a stream of events started by one input.
 * @example
 * const messages = subscription({
 *   input: z.object({ room: z.string() }),
 *   event: z.object({ id: z.string(), text: z.string() }),
 * });
 */
export function subscription<
  TInput extends z.ZodType = z.ZodVoid,
  TEvent extends z.ZodType = z.ZodType,
  TErrors extends ErrorSchemas = NoErrors,
>(
  options: SubscriptionOptions<TInput, TEvent, TErrors>,
): SubscriptionDefinition<NoInfer<TInput>, NoInfer<TEvent>, NoInfer<TErrors>> {
  assertSchema(options.event, 'event');
  assertFlowOptions(options.flow, 'subscription()');
  return Object.freeze({
    ...base('subscription', options),
    event: options.event,
    flow: options.flow ? Object.freeze({ ...options.flow }) : undefined,
  }) as SubscriptionDefinition<TInput, TEvent, TErrors>;
}

/**
 * Declares a presence: who is in a room right now and what each member shares.
 * @example
 * const online = presence({
 *   input: z.object({ room: z.string() }),
 *   state: z.object({ name: z.string(), typing: z.boolean() }),
 * });
 */
export function presence<
  TInput extends z.ZodType = z.ZodVoid,
  TState extends z.ZodType = z.ZodType,
  TErrors extends ErrorSchemas = NoErrors,
>(
  options: PresenceOptions<TInput, TState, TErrors>,
): PresenceDefinition<NoInfer<TInput>, NoInfer<TState>, NoInfer<TErrors>> {
  assertSchema(options.state, 'state');
  return Object.freeze({
    ...base('presence', options),
    state: options.state,
  }) as PresenceDefinition<TInput, TState, TErrors>;
}

/** Whether a value is a procedure definition made by {@link query}, {@link mutation}, {@link subscription} or {@link presence}. */
export function isProcedure(value: unknown): value is AnyProcedure {
  return typeof value === 'object' && value !== null && PROCEDURE_BRAND in value;
}
