import type { z } from 'zod';
import type { AnySchema } from '../schema/standardSchema.js';
import type { FlowOptions } from './flowOptions.js';

/**
 * Declared errors of a procedure: each error code mapped to the schema of its `data` (zod, or any
 * other Standard Schema).
 */
export type ErrorSchemas = Record<string, AnySchema>;

/** Options of {@link query} and {@link mutation}. */
export interface CallProcedureOptions<
  TInput extends AnySchema = AnySchema,
  TOutput extends AnySchema = AnySchema,
  TErrors extends ErrorSchemas = ErrorSchemas,
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
  TInput extends AnySchema = AnySchema,
  TOutput extends AnySchema = AnySchema,
  TErrors extends ErrorSchemas = ErrorSchemas,
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
  TInput extends AnySchema = AnySchema,
  TEvent extends AnySchema = AnySchema,
  TErrors extends ErrorSchemas = ErrorSchemas,
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
  TInput extends AnySchema = AnySchema,
  TState extends AnySchema = AnySchema,
  TErrors extends ErrorSchemas = ErrorSchemas,
  TEvent extends AnySchema = z.ZodNever,
> {
  /** Names the room, e.g. `z.object({ room: z.string() })`. @default z.void() (one room) */
  input?: TInput;
  /** What each member shares. */
  state: TState;
  /**
   * What server code may publish to everyone in a room (a system message, a "kicked" notice):
   * members get it with `room.onEvent(listener)`. @default z.never() (nothing can be published)
   */
  event?: TEvent;
  /** Declared errors a join can fail with (thrown by the server's join handler). @default {} */
  errors?: TErrors;
  /** Shown in generated docs. */
  description?: string;
}

// biome-ignore lint/complexity/noBannedTypes: `{}` is the honest type of "no declared errors".
type NoErrors = {};

/**
 * The options object a procedure builder was given, with every key its options type does not
 * have typed `never`: a misspelt option (`sahred: true`) is refused where it is written. The
 * builders infer the whole object as one type parameter (cheaper for the checker than one per
 * field, and no field's default is ever the contextual type of a schema call), which turns off
 * TypeScript's own excess-property check; this puts it back.
 */
export type ExactOptions<TOptions, TShape> = TOptions & {
  readonly [TKey in Exclude<keyof TOptions, keyof TShape>]: never;
};

/** The schema given as option `TKey`, or `TDefault` when it was left out. */
export type SchemaOption<TOptions, TKey extends string, TDefault> = TKey extends keyof TOptions
  ? Exclude<TOptions[TKey], undefined>
  : TDefault;

/** The declared errors given in the options, or none. */
export type ErrorsOption<TOptions> = 'errors' extends keyof TOptions
  ? Exclude<TOptions['errors' & keyof TOptions], undefined>
  : NoErrors;
