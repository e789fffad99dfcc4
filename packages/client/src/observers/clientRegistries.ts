import type { RpcError } from '@wirecall/core';
import type { WirecallClient } from '../WirecallClient.js';
import type { SharedQuery } from './SharedQuery.js';
import { SharedRegistry } from './SharedRegistry.js';
import type { SharedSubscription } from './SharedSubscription.js';

/** The shared queries and subscriptions of one client. */
export interface ClientRegistries {
  readonly queries: SharedRegistry<SharedQuery<unknown, RpcError>>;
  readonly subscriptions: SharedRegistry<SharedSubscription<unknown, RpcError>>;
}

// Kept beside the client rather than in it: observers are an optional layer the connection and
// operations know nothing of, and a closed, unreferenced client takes its registries with it.
const registries = new WeakMap<WirecallClient, ClientRegistries>();
const owners = new WeakMap<object, WirecallClient>();

/** The registries of `client`, made on first use. Two clients never share an entry. */
export function registriesOf(client: WirecallClient): ClientRegistries {
  let found = registries.get(client);
  if (!found) {
    found = { queries: new SharedRegistry(), subscriptions: new SharedRegistry() };
    registries.set(client, found);
  }
  return found;
}

/** Records which client a procedure handle belongs to; `createClient` calls it for each handle. */
export function bindHandle(handle: object, client: WirecallClient): void {
  owners.set(handle, client);
}

/**
 * The client a procedure handle belongs to.
 * @throws TypeError when `handle` is not a procedure handle of a client made by `createClient`.
 */
export function clientOfHandle(handle: unknown, caller: string): WirecallClient {
  const client =
    (typeof handle === 'object' || typeof handle === 'function') && handle !== null
      ? owners.get(handle)
      : undefined;
  if (!client) {
    throw new TypeError(
      `${caller} expects a procedure handle of a wirecall client, like client.chat.messages`,
    );
  }
  return client;
}
