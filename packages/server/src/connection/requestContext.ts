import { RpcError, type RpcErrorOptions } from '@wirecall/core';

const createError = (code: string, data?: unknown, options?: RpcErrorOptions) =>
  new RpcError(code, data, options);

/** Builds the `ctx` of one call or subscription: the connection's context plus request fields. */
export function createRequestContext(
  context: object,
  path: string,
  signal: AbortSignal,
): Record<string, unknown> {
  return { ...context, signal, path, error: createError };
}
