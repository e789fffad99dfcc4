// The Cloudflare chat in a real workerd (miniflare), as `wrangler dev` runs it: a Durable Object
// per room, two people chatting over WebSockets, rooms kept apart, typed errors, presence.
import { fileURLToPath } from 'node:url';
import { type Client, createClient, isRpcError, type RpcError } from '@wirecall/client';
import { bundleWorker, type RunningWorker, startWorker } from '@wirecall/test-utils/runtimes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Message } from '../../chat/src/contract.js';

describe('the chat on Durable Objects', () => {
  let worker: RunningWorker;
  const clients: Array<Client<typeof api>> = [];
  const open = (room: string, name: string) => {
    const client = createClient(api, {
      url: `${worker.url.replace(/^http/, 'ws')}rooms/${room}`,
      params: { name },
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const entry = fileURLToPath(new URL('../src/worker.ts', import.meta.url));
    worker = await startWorker(await bundleWorker(entry), {
      durableObjects: { ROOMS: 'ChatRoom' },
    });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await worker?.[Symbol.asyncDispose]();
  });

  it('delivers messages to everyone in the room, once, and keeps them in its history', async () => {
    const ada = open('general', 'Ada');
    const bo = open('general', 'Bo');
    const seen: Message[] = [];
    const live = bo.chat.messages.subscribe({ room: 'general' }, { onData: (m) => seen.push(m) });
    await expect.poll(() => live.status, { timeout: 15_000 }).toBe('live');
    const sent = await ada.chat.send({ room: 'general', text: ' hello ', id: 'message-0001' });
    expect(sent).toMatchObject({ author: 'Ada', text: 'hello', room: 'general' });
    // A retried send (same id) is stored and delivered once.
    await expect(
      ada.chat.send({ room: 'general', text: 'hello', id: 'message-0001' }),
    ).resolves.toEqual(sent);
    await expect.poll(() => seen.map((m) => m.text), { timeout: 15_000 }).toEqual(['hello']);
    await expect(bo.chat.history({ room: 'general' })).resolves.toEqual([sent]);
  });

  it('keeps rooms apart: one object per room', async () => {
    const cy = open('random', 'Cy');
    await expect(cy.chat.history({ room: 'random' })).resolves.toEqual([]);
    await expect(cy.rooms()).resolves.toEqual([{ id: 'random', online: 0 }]);
  });

  it("answers a room that is not this connection's and bad messages with typed errors", async () => {
    const dee = open('help', 'Dee');
    const wrongRoom = await dee.chat
      .send({ room: 'general', text: 'hi' })
      .catch((e: RpcError) => e);
    expect(isRpcError(wrongRoom, 'ROOM_NOT_FOUND')).toBe(true);
    const empty = await dee.chat.send({ room: 'help', text: '   ' }).catch((e: RpcError) => e);
    expect(isRpcError(empty, 'MESSAGE_EMPTY')).toBe(true);
    const long = await dee.chat
      .send({ room: 'help', text: 'x'.repeat(300) })
      .catch((e: RpcError) => e);
    expect(isRpcError(long, 'MESSAGE_TOO_LONG')).toBe(true);
    const response = await fetch(`${worker.url}elsewhere`);
    expect(response.status).toBe(404);
  });

  it('shows who is online while they are in the room', async () => {
    const eve = open('lobby', 'Eve');
    const fay = open('lobby', 'Fay');
    const names = (members: ReadonlyArray<{ id: string }>) => members.map((m) => m.id).sort();
    const eveHere = eve.chat.online.join({ room: 'lobby' }, { typing: false });
    const fayHere = fay.chat.online.join({ room: 'lobby' }, { typing: true });
    await expect.poll(() => names(eveHere.members()), { timeout: 15_000 }).toEqual(['Eve', 'Fay']);
    await expect
      .poll(() => eveHere.members().find((m) => m.id === 'Fay')?.state, { timeout: 15_000 })
      .toEqual({ typing: true });
    await expect.poll(async () => (await eve.rooms())[0]?.online, { timeout: 15_000 }).toBe(2);
    fayHere.leave();
    await expect.poll(() => names(eveHere.members()), { timeout: 15_000 }).toEqual(['Eve']);
  });
});
