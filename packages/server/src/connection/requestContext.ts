import { RpcError, type RpcErrorOptions } from '@wirecall/core';

const createError = (code: string, data?: unknown, options?: RpcErrorOptions) =>
  new RpcError(code, data, options);

/**
 * Builds the `ctx` of one call or subscription: the connection's context plus request fields.
 * `ctx.signal` is read from `abort` only when the handler asks for it, so a lazy controller
 * creates no signal for handlers that never look.
 */
export function createRequestContext(
  context: object,
  path: string,
  abort: { readonly signal: AbortSignal },
): Record<string, unknown> {
  return {
    ...context,
    get signal() {
      return abort.signal;
    },
    path,
    error: createError,
  };
}
