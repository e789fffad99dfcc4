import { z } from 'zod';
import { type AnySchema, isStandardSchema } from '../schema/standardSchema.js';

/** The kinds of procedure a contract can declare. */
export type ProcedureKind = 'query' | 'mutation' | 'subscription' | 'presence';

import { assertFlowOptions, type FlowOptions } from './flowOptions.js';
import type {
  CallProcedureOptions,
  ErrorSchemas,
  ErrorsOption,
  ExactOptions,
  PresenceOptions,
  QueryOptions,
  SchemaOption,
  SubscriptionOptions,
} from './procedureOptions.js';

/** Marks procedure definitions so namespaces and procedures can never be confused. */
export const PROCEDURE_BRAND: unique symbol = Symbol.for('wirecall.procedure') as never;

interface ProcedureBase<
  TKind extends ProcedureKind,
  TInput extends AnySchema,
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
  TInput extends AnySchema = AnySchema,
  TOutput extends AnySchema = AnySchema,
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
  TInput extends AnySchema = AnySchema,
  TOutput extends AnySchema = AnySchema,
  TErrors extends ErrorSchemas = ErrorSchemas,
> extends ProcedureBase<'mutation', TInput, TErrors> {
  /** Schema of the result. */
  readonly output: TOutput;
}

/** A stream of events started by one input. */
export interface SubscriptionDefinition<
  TInput extends AnySchema = AnySchema,
  TEvent extends AnySchema = AnySchema,
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
  TInput extends AnySchema = AnySchema,
  TState extends AnySchema = AnySchema,
  TErrors extends ErrorSchemas = ErrorSchemas,
  TEvent extends AnySchema = AnySchema,
> extends ProcedureBase<'presence', TInput, TErrors> {
  /** Schema of each member's state, checked on the server at every join and update. */
  readonly state: TState;
  /**
   * Schema of the events server code publishes to everyone in a room
   * (`server.presence(procedure).publish(input, event)`); `z.never()` when the contract has none.
   */
  readonly event: TEvent;
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

function base<TKind extends ProcedureKind>(
  kind: TKind,
  options: { input?: AnySchema; errors?: ErrorSchemas; description?: string },
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
  if (!isStandardSchema(value)) {
    throw new TypeError(`${where} must be a zod schema or another Standard Schema v1 validator`);
  }
}

/**
 * Declares a query: a side-effect-free request/response procedure.
 * @example
 * const greet = query({ input: z.object({ name: z.string() }), output: z.string() });
 */
export function query<TOptions extends QueryOptions>(
  options: ExactOptions<TOptions, QueryOptions>,
): QueryDefinition<
  SchemaOption<TOptions, 'input', z.ZodVoid>,
  SchemaOption<TOptions, 'output', z.ZodVoid>,
  ErrorsOption<TOptions>
> {
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
  }) as never;
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
export function mutation<TOptions extends CallProcedureOptions>(
  options: ExactOptions<TOptions, CallProcedureOptions>,
): MutationDefinition<
  SchemaOption<TOptions, 'input', z.ZodVoid>,
  SchemaOption<TOptions, 'output', z.ZodVoid>,
  ErrorsOption<TOptions>
> {
  const output = options.output ?? z.void();
  assertSchema(output, 'output');
  return Object.freeze({ ...base('mutation', options), output }) as never;
}

/**
 * Declares a subscription: a stream of events started by one input.
 * @example
 * const messages = subscription({
 *   input: z.object({ room: z.string() }),
 *   event: z.object({ id: z.string(), text: z.string() }),
 * });
 */
export function subscription<TOptions extends SubscriptionOptions>(
  options: ExactOptions<TOptions, SubscriptionOptions>,
): SubscriptionDefinition<
  SchemaOption<TOptions, 'input', z.ZodVoid>,
  SchemaOption<TOptions, 'event', AnySchema>,
  ErrorsOption<TOptions>
> {
  assertSchema(options.event, 'event');
  assertFlowOptions(options.flow, 'subscription()');
  return Object.freeze({
    ...base('subscription', options),
    event: options.event,
    flow: options.flow ? Object.freeze({ ...options.flow }) : undefined,
  }) as never;
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
  TOptions extends PresenceOptions<AnySchema, AnySchema, ErrorSchemas, AnySchema>,
>(
  options: ExactOptions<TOptions, PresenceOptions>,
): PresenceDefinition<
  SchemaOption<TOptions, 'input', z.ZodVoid>,
  SchemaOption<TOptions, 'state', AnySchema>,
  ErrorsOption<TOptions>,
  SchemaOption<TOptions, 'event', z.ZodNever>
> {
  assertSchema(options.state, 'state');
  if (options.event !== undefined) assertSchema(options.event, 'event');
  return Object.freeze({
    ...base('presence', options),
    state: options.state,
    event: options.event ?? z.never(),
  }) as never;
}

/** Whether a value is a procedure definition made by {@link query}, {@link mutation}, {@link subscription} or {@link presence}. */
export function isProcedure(value: unknown): value is AnyProcedure {
  return typeof value === 'object' && value !== null && PROCEDURE_BRAND in value;
}
