// A test page: one client over HTTP + SSE subscribed to the messages of every room given in
// `?rooms=`, what it received on `window.received`, and `window.send` to post. Several tabs of
// it on one HTTP/1.1 origin share the browser's six connections per origin.
import { createClient } from '@wirecall/client';
import { api } from '../../src/contract.js';

const query = new URLSearchParams(location.search);
const rooms = (query.get('rooms') ?? '').split(',').filter(Boolean);
const client = createClient(api, {
  url: `ws://${location.host}/rpc`,
  transport: (query.get('transport') as 'http' | 'auto' | null) ?? 'http',
  params: { name: query.get('name') ?? 'tab' },
});

const received: Record<string, string[]> = {};
const feeds = rooms.map((room) => {
  received[room] = [];
  return client.chat.messages.subscribe(
    { room },
    { onData: (message) => received[room]?.push(message.text) },
  );
});

declare global {
  interface Window {
    received: Record<string, string[]>;
    live: () => number;
    send: (room: string, text: string) => Promise<string>;
  }
}

window.received = received;
window.live = () => feeds.filter((feed) => feed.status === 'live').length;
window.send = async (room, text) => (await client.chat.send({ room, text })).id;
(document.getElementById('status') as HTMLElement).textContent = 'ready';
