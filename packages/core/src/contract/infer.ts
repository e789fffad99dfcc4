import type { BuiltinErrorCode, BuiltinErrorData } from '../errors/codes.js';
import type { RpcError } from '../errors/RpcError.js';
import type { InferInput, InferOutput } from '../schema/standardSchema.js';
import type { ContractShape } from './defineContract.js';
import type {
  AnyCallProcedure,
  AnyProcedure,
  PresenceDefinition,
  ProcedureLike,
  SubscriptionDefinition,
} from './procedure.js';
import type { ErrorSchemas } from './procedureOptions.js';

/** What a caller passes as input (before parsing: optional fields may be left out). */
export type InputOf<TProcedure extends AnyProcedure> = InferInput<TProcedure['input']>;

/** What a handler receives as input (after parsing: defaults applied). */
export type ParsedInputOf<TProcedure extends AnyProcedure> = InferOutput<TProcedure['input']>;

/** What a query or mutation resolves with on the client. */
export type OutputOf<TProcedure extends AnyCallProcedure> = InferOutput<TProcedure['output']>;

/** What a query or mutation handler returns on the server. */
export type HandlerOutputOf<TProcedure extends AnyCallProcedure> = InferInput<TProcedure['output']>;

/** One event of a subscription (or one a presence room's members get), as the client receives it. */
export type EventOf<TProcedure extends SubscriptionDefinition | PresenceDefinition> = InferOutput<
  TProcedure['event']
>;

/** One event of a subscription as the handler yields it (of a presence, as server code publishes it). */
export type HandlerEventOf<TProcedure extends SubscriptionDefinition | PresenceDefinition> =
  InferInput<TProcedure['event']>;

/** A presence member's state, as clients receive it. */
export type StateOf<TProcedure extends PresenceDefinition> = InferOutput<TProcedure['state']>;

/** A presence member's state, as a client sends it with `join` or `update`. */
export type StateInputOf<TProcedure extends PresenceDefinition> = InferInput<TProcedure['state']>;

/** One member of a presence room: its id and the state it shares. */
export interface PresenceMember<TState = unknown> {
  /** The member's id: the server's join handler derives it (the connection's by default). */
  readonly id: string;
  /** What the member shares: the latest state of its newest connection. */
  readonly state: TState;
}

/** The codes a procedure declares. */
export type DeclaredErrorCodeOf<TProcedure extends AnyProcedure> = keyof TProcedure['errors'] &
  string;

/** Every code a call of the procedure can fail with: its declared codes and the built-in ones. */
export type ErrorCodeOf<TProcedure extends AnyProcedure> =
  | DeclaredErrorCodeOf<TProcedure>
  | BuiltinErrorCode;

/** Maps each declared code to the type of its data. */
export type DeclaredErrorDataOf<TErrors extends ErrorSchemas> = {
  [TCode in keyof TErrors & string]: InferOutput<TErrors[TCode]>;
};

/** The union of {@link RpcError}s a call of the procedure can fail with, each with its typed data. */
export type ErrorOf<TProcedure extends AnyProcedure> =
  | {
      [TCode in DeclaredErrorCodeOf<TProcedure>]: RpcError<
        TCode,
        InferOutput<TProcedure['errors'][TCode]>
      >;
    }[DeclaredErrorCodeOf<TProcedure>]
  | { [TCode in BuiltinErrorCode]: RpcError<TCode, BuiltinErrorData[TCode]> }[BuiltinErrorCode];

/** Every dotted path of a contract that leads to a procedure, e.g. `'chat.send'`. */
export type ProcedurePath<TContract extends ContractShape> = {
  [K in keyof TContract & string]: TContract[K] extends ProcedureLike
    ? K
    : TContract[K] extends ContractShape
      ? `${K}.${ProcedurePath<TContract[K]>}`
      : never;
}[keyof TContract & string];

/** The procedure at a dotted path of a contract. */
export type ProcedureAt<
  TContract extends ContractShape,
  TPath extends string,
> = TPath extends `${infer Head}.${infer Rest}`
  ? TContract[Head] extends ContractShape
    ? ProcedureAt<TContract[Head], Rest>
    : never
  : TContract[TPath] extends AnyProcedure
    ? TContract[TPath]
    : never;
