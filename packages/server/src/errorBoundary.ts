import {
  type AnyProcedure,
  ErrorCode,
  isBuiltinErrorCode,
  RpcError,
  type SerializedRpcError,
  toRpcError,
} from '@wirecall/core';
import { formatIssues, isPromiseLike, validate } from '@wirecall/core/internal';

/** Reports failures that clients only see as `INTERNAL`. */
export type ErrorReporter = (error: unknown, info: { readonly path?: string }) => void;

const internal = () =>
  new RpcError(ErrorCode.INTERNAL, undefined, { message: 'Internal server error' }).toJSON();

/**
 * What clients are told when a service the server depends on fails (a store, a Redis): the same
 * words every time, so no driver message, host name or key reaches a client. The detail goes to
 * the server's `onError`.
 */
export const UNAVAILABLE_MESSAGE =
  'A service the server depends on is unavailable; nothing was done. Retry later';

const unavailable = () =>
  new RpcError(ErrorCode.UNAVAILABLE, undefined, { message: UNAVAILABLE_MESSAGE }).toJSON();

/**
 * The answer to a call whose dedupe store failed before its handler ran: `UNAVAILABLE` with the
 * fixed message, whatever the store threw; what it threw is reported.
 */
export function storeFailure(
  thrown: unknown,
  path: string | undefined,
  report: ErrorReporter,
): SerializedRpcError {
  report(thrown, path === undefined ? {} : { path });
  return unavailable();
}

/**
 * Turns anything a handler threw into what the client may see. Built-in codes and declared codes
 * with valid data pass; everything else is reported server-side and sent as a bare `INTERNAL`.
 * `UNAVAILABLE` (a store or Redis down) is sent with a fixed message and its own reported: it
 * carries a driver's words.
 */
export function toWireError(
  thrown: unknown,
  procedure: AnyProcedure | undefined,
  path: string | undefined,
  report: ErrorReporter,
): SerializedRpcError {
  const error = toRpcError(thrown);
  const info = path === undefined ? {} : { path };
  if (error.code === ErrorCode.INTERNAL) {
    report(error.cause ?? error, info);
    return internal();
  }
  if (error.code === ErrorCode.UNAVAILABLE) {
    if (error.message !== UNAVAILABLE_MESSAGE) report(error, info);
    return unavailable();
  }
  if (isBuiltinErrorCode(error.code)) return error.toJSON();
  const schema =
    procedure && Object.hasOwn(procedure.errors, error.code)
      ? procedure.errors[error.code]
      : undefined;
  if (!schema) {
    report(
      new Error(`Handler threw error code "${error.code}", which "${path}" does not declare`, {
        cause: error,
      }),
      info,
    );
    return internal();
  }
  const data = validate(schema, error.data);
  if (isPromiseLike(data) || !data.ok) {
    // The error is answered now, so an async schema of error data cannot be waited for.
    if (isPromiseLike(data)) Promise.resolve(data).catch(() => {});
    const cause = isPromiseLike(data) ? 'its schema is asynchronous' : formatIssues(data.issues);
    report(new Error(`Data of error "${error.code}" does not match the contract: ${cause}`), info);
    return internal();
  }
  return new RpcError(error.code, data.value, { message: error.message }).toJSON();
}

/** The default reporter: prints to stderr. */
export const consoleReporter: ErrorReporter = (error, info) => {
  console.error(`[wirecall] ${info.path ? `${info.path}: ` : ''}unexpected error`, error);
};

/**
 * The error of a handler's output or event that breaks its procedure's contract: a bug of the
 * server, reported and sent to the client as `INTERNAL`, never as the invalid value.
 */
export function contractBreach(
  what: 'Output' | 'Event',
  path: string,
  issues: Parameters<typeof formatIssues>[0],
): Error {
  return new Error(`${what} of "${path}" does not match the contract: ${formatIssues(issues)}`);
}
