import { type ContractShape, isContract } from '@wirecall/core';
import type { MiddlewareEntry, ServerOptions } from '@wirecall/server';
import { type Route, resolveRoutes } from '@wirecall/server/internal';

/** What a Durable Object adds to the server's options. */
export interface DurableServerOptions {
  /**
   * Request headers kept with each socket (in its attachment) and shown to `context` as the
   * request's headers, on connect and again after every wake-up: put here every header `context`
   * reads (auth cookies, say). Kept to these so the attachment stays small; prefer connection
   * params for credentials. Lower-case names.
   * @default ['origin', 'user-agent']
   */
  attachmentHeaders?: readonly string[];
  /**
   * Bytes a connection's attachment may take (kept headers, connection params, subscriptions
   * with room for their cursors). A subscription past it is refused with `LIMIT_EXCEEDED`
   * (`limit: 'attachmentBytes'`); connection params past it close the connection with 4400.
   * At most 16,320 (workerd's 16 KiB less its framing).
   * @default 16_320
   */
  maxAttachmentBytes?: number;
}

/**
 * A contract with its server options, as a {@link WirecallDurableObject} serves it: made by
 * {@link durableServer}, so handlers and context are typed from the contract.
 */
export interface DurableServer {
  /** The contract's procedures resolved to their handlers. */
  readonly routes: ReadonlyMap<string, Route>;
  /** The server's options, as given. */
  readonly options: ServerOptions<ContractShape, object> & DurableServerOptions;
}

/**
 * Describes the server a Durable Object runs: a contract and the very options of
 * `createServer`, plus {@link DurableServerOptions}. The object's storage pub/sub is the default
 * `pubsub`; the server heartbeat is off (pings are answered by the runtime without waking the
 * object, see `WirecallDurableObject`).
 * @example
 * createServer() {
 *   return durableServer(chat, { handlers: { send: (input, ctx) => ctx.pubsub.publish('room', input) } });
 * }
 */
export function durableServer<
  TContract extends ContractShape,
  TContext extends object = object,
  const TMiddleware extends readonly MiddlewareEntry[] = readonly MiddlewareEntry[],
>(
  contract: TContract,
  options: ServerOptions<TContract, TContext, TMiddleware> & DurableServerOptions,
): DurableServer {
  if (!isContract(contract))
    throw new TypeError('durableServer expects a contract made by defineContract()');
  const max = options.maxAttachmentBytes;
  if (max !== undefined && !(Number.isSafeInteger(max) && max > 0 && max <= 16_320)) {
    throw new RangeError('maxAttachmentBytes must be an integer from 1 to 16,320');
  }
  const routes = resolveRoutes(contract, options.handlers, options.middleware);
  return {
    routes,
    options: options as unknown as ServerOptions<ContractShape, object> & DurableServerOptions,
  };
}
