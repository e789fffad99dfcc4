import type { WirecallClient } from '../WirecallClient.js';

// Handles are plain functions and objects made by `createClient`; this is how an observer finds
// the client (and so the registries) behind one without the handle growing a public member.
const owners = new WeakMap<object, WirecallClient>();

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
