import type { InferOutput } from '../schema/standardSchema.js';
import type { BuiltinErrorCode, BuiltinErrorData } from './codes.js';
import { ErrorCode } from './codes.js';

/** Extra options of an {@link RpcError}. */
export interface RpcErrorOptions {
  /** Human-readable message. @default the code */
  message?: string;
  /** The underlying error; never sent over the wire. */
  cause?: unknown;
}

/** The shape of an error on the wire. */
export interface SerializedRpcError {
  readonly code: string;
  readonly message: string;
  readonly data?: unknown;
}

/**
 * The one error type of wirecall: a string `code` and typed `data`.
 * Thrown by handlers for declared errors and raised by the client for every failed call.
 * @example
 * throw new RpcError('ROOM_CLOSED', { room: 'general' });
 */
export class RpcError<TCode extends string = string, TData = unknown> extends Error {
  /** Machine-readable code: a declared code of the procedure or a built-in one. */
  readonly code: TCode;
  /** Structured details, typed by the contract for declared codes. */
  readonly data: TData;

  constructor(code: TCode, data?: TData, options: RpcErrorOptions = {}) {
    super(
      options.message ?? code,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'RpcError';
    this.code = code;
    this.data = data as TData;
  }

  /** The wire form: code, message and data; never the stack or the cause. */
  toJSON(): SerializedRpcError {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  /** Rebuilds an error received over the wire. */
  static fromJSON(error: SerializedRpcError): RpcError {
    return new RpcError(error.code, error.data, { message: error.message });
  }
}

/** Data type of a built-in code, `unknown` for other codes. */
export type DataOfCode<TCode extends string> = TCode extends BuiltinErrorCode
  ? BuiltinErrorData[TCode]
  : unknown;

/**
 * Turns anything thrown into an {@link RpcError}. Unknown values become `INTERNAL`
 * with a generic message, so their text never leaks to a client.
 */
export function toRpcError(thrown: unknown): RpcError {
  if (thrown instanceof RpcError) return thrown;
  if (isRpcError(thrown)) {
    // An RpcError from another copy of this package (two versions installed side by side).
    return new RpcError(thrown.code, thrown.data, { message: thrown.message, cause: thrown });
  }
  return new RpcError(ErrorCode.INTERNAL, undefined, {
    message: 'Internal server error',
    cause: thrown,
  });
}

/** A procedure, or something carrying one (a client handle), whose declared errors type `data`. */
type WithErrors =
  | { readonly errors: Record<string, unknown> }
  | { readonly procedure: { readonly errors: Record<string, unknown> } };

type ErrorsOfSource<TSource> = TSource extends { readonly procedure: { readonly errors: infer E } }
  ? E
  : TSource extends { readonly errors: infer E }
    ? E
    : never;

/**
 * Whether a value is an {@link RpcError}, optionally of one code. With a procedure (from the
 * contract or the client) as the third argument, `data` is typed by that procedure's declared errors.
 * @example
 * if (isRpcError(err, 'ROOM_CLOSED', client.chat.send)) console.log(err.data.room);
 * if (isRpcError(err, 'BAD_INPUT')) console.log(err.data.issues);
 */
export function isRpcError(value: unknown): value is RpcError;
export function isRpcError<TCode extends BuiltinErrorCode>(
  value: unknown,
  code: TCode,
): value is RpcError<TCode, BuiltinErrorData[TCode]>;
export function isRpcError<TCode extends string>(
  value: unknown,
  code: TCode,
): value is RpcError<TCode, DataOfCode<TCode>>;
export function isRpcError<
  TSource extends WithErrors,
  TCode extends (keyof ErrorsOfSource<TSource> & string) | BuiltinErrorCode,
>(
  value: unknown,
  code: TCode,
  procedure: TSource,
): value is RpcError<
  TCode,
  TCode extends keyof ErrorsOfSource<TSource>
    ? InferOutput<ErrorsOfSource<TSource>[TCode]>
    : DataOfCode<TCode>
>;
export function isRpcError(value: unknown, code?: string, _procedure?: unknown): boolean {
  const isError =
    value instanceof RpcError ||
    (value instanceof Error &&
      value.name === 'RpcError' &&
      typeof (value as { code?: unknown }).code === 'string');
  return isError && (code === undefined || (value as RpcError).code === code);
}
