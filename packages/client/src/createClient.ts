import { type Codec, type ContractShape, getProcedures, isContract, jsonCodec } from '@wirecall/core';
import WebSocket from 'isomorphic-ws';
import type { WebSocketConstructor } from './connection/webSocketLike.js';
import type { ClientHandles } from './handles.js';
import type { CallOptions } from './operations/PendingCall.js';
import type { SubscribeOptions } from './operations/Subscription.js';
import { WirecallClient } from './WirecallClient.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The server's WebSocket URL, e.g. `ws://localhost:8080`. */
  url: string;
  /** WebSocket implementation. @default the `ws` package in Node, the global `WebSocket` in browsers */
  WebSocket?: WebSocketConstructor;
  /**
   * Connection params sent in the first message (not the URL, which ends up in logs), or a
   * function (possibly async) called for every new connection, e.g. to fetch a fresh token.
   */
  params?: unknown;
  /** Default timeout of every call, in milliseconds; `Infinity` waits forever. @default 30_000 */
  timeoutMs?: number;
  /** Milliseconds the server has to accept a new connection. @default 10_000 */
  handshakeTimeoutMs?: number;
  /** Message codec; must match the server's. @default jsonCodec */
  codec?: Codec;
}

/** A typed client: the contract's procedures as handles, plus the connection's controls. */
export type Client<TContract extends ContractShape> = WirecallClient & ClientHandles<TContract>;

/**
 * Creates a typed client for a contract. Every call and subscription is multiplexed over one
 * WebSocket, opened on first use.
 * @example
 * const client = createClient(api, { url: 'ws://localhost:8080' });
 * const greeting = await client.greet({ name: 'Ada' });
 */
export function createClient<TContract extends ContractShape>(
  contract: TContract,
  options: ClientOptions,
): Client<TContract> {
  if (!isContract(contract)) throw new TypeError('createClient expects a contract made by defineContract()');
  if (typeof options?.url !== 'string' || !/^wss?:\/\//i.test(options.url)) {
    throw new TypeError('createClient needs a `url` starting with ws:// or wss://');
  }
  const { url, params } = options;
  const client = new WirecallClient({
    url: () => url,
    WebSocket: options.WebSocket ?? (WebSocket as unknown as WebSocketConstructor),
    codec: options.codec ?? jsonCodec,
    params: typeof params === 'function' ? (params as () => unknown) : () => params,
    timeoutMs: options.timeoutMs ?? 30_000,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
  });
  for (const [path, procedure] of getProcedures(contract)) {
    const names = path.split('.');
    const leaf = names.pop() as string;
    let namespace: Record<string, unknown> = client as unknown as Record<string, unknown>;
    for (const name of names) {
      if (!Object.hasOwn(namespace, name)) {
        assertFree(namespace, name, path);
        namespace[name] = {};
      }
      namespace = namespace[name] as Record<string, unknown>;
    }
    assertFree(namespace, leaf, path);
    const handle =
      procedure.kind === 'subscription'
        ? {
            subscribe: (input?: unknown, subscribeOptions?: SubscribeOptions<unknown>) =>
              client.subscribe(path, input, subscribeOptions),
          }
        : (input?: unknown, callOptions?: CallOptions) => client.call(path, input, callOptions);
    Object.defineProperties(handle, {
      path: { value: path, enumerable: true },
      procedure: { value: procedure, enumerable: true },
    });
    namespace[leaf] = handle;
  }
  return client as Client<TContract>;
}

function assertFree(namespace: object, name: string, path: string): void {
  if (name in namespace) {
    throw new TypeError(
      `Contract name "${name}" (in "${path}") collides with the client's own "${name}"; nest it in a namespace`,
    );
  }
}
