import { createClient } from '@wirecall/client';
import { api } from '../contract.js';

/** The name to chat as: `?name=` in the address, else the one used last, else a guest name. */
function chooseName(): string {
  const fromUrl = new URLSearchParams(location.search).get('name');
  const name =
    fromUrl ??
    localStorage.getItem('wirecall-chat-name') ??
    `guest-${Math.floor(Math.random() * 9000 + 1000)}`;
  localStorage.setItem('wirecall-chat-name', name);
  return name;
}

/** Who this tab is. */
export const me = chooseName();

/** The one client of the page: every query, mutation and subscription shares its socket. */
export const client = createClient(api, {
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc`,
  params: { name: me },
  // Come back quickly after a server restart: at most 2 s between attempts.
  retry: { initialDelayMs: 250, maxDelayMs: 2_000 },
});
