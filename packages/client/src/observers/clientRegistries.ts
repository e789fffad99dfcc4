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

/** The registries of `client`, made on first use. Two clients never share an entry. */
export function registriesOf(client: WirecallClient): ClientRegistries {
  let found = registries.get(client);
  if (!found) {
    found = { queries: new SharedRegistry(), subscriptions: new SharedRegistry() };
    registries.set(client, found);
  }
  return found;
}
