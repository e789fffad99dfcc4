import {
  type AnyProcedure,
  ErrorCode,
  isBuiltinErrorCode,
  RpcError,
  type SerializedRpcError,
  toRpcError,
} from '@wirecall/core';

/** Reports failures that clients only see as `INTERNAL`. */
export type ErrorReporter = (error: unknown, info: { readonly path?: string }) => void;

const internal = () =>
  new RpcError(ErrorCode.INTERNAL, undefined, { message: 'Internal server error' }).toJSON();

/**
 * Turns anything a handler threw into what the client may see. Built-in codes and declared codes
 * with valid data pass; everything else is reported server-side and sent as a bare `INTERNAL`.
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
  const data = schema.safeParse(error.data);
  if (!data.success) {
    report(
      new Error(`Data of error "${error.code}" does not match the contract`, { cause: data.error }),
      info,
    );
    return internal();
  }
  return new RpcError(error.code, data.data, { message: error.message }).toJSON();
}

/** The default reporter: prints to stderr. */
export const consoleReporter: ErrorReporter = (error, info) => {
  console.error(`[wirecall] ${info.path ? `${info.path}: ` : ''}unexpected error`, error);
};
