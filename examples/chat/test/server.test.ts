import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, isRpcError } from '@wirecall/client';
import { waitFor } from '@wirecall/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Message } from '../src/contract.js';
import { type ChatServer, createChatServer } from '../src/server/createChatServer.js';
import { sqliteStore } from '../src/server/store/sqliteStore.js';

// The chat server without a browser: its API over a real socket, and its static files.
let folder: string;
let server: ChatServer;
let page: URL;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'wirecall-chat-server-'));
  await mkdir(join(folder, 'app', 'assets'), { recursive: true });
  await writeFile(join(folder, 'app', 'index.html'), '<p>the app</p>');
  await writeFile(join(folder, 'app', 'assets', 'main.js'), 'console.log(1)');
  await writeFile(join(folder, 'secret.txt'), 'do not serve');
  server = createChatServer({
    staticDir: join(folder, 'app'),
    store: sqliteStore(join(folder, 'chat.sqlite')),
  });
  page = new URL(await server.listen(0));
});

afterAll(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

function connect(name: string) {
  return createClient(api, {
    url: `ws://${page.host}/rpc`,
    params: { name },
    lazy: false,
    retry: { initialDelayMs: 50, maxDelayMs: 200 },
  });
}

/** Stops the server, as a deploy or a crash would, and starts a new one on the same port and file. */
async function restart(): Promise<void> {
  await server.close();
  server = createChatServer({
    staticDir: join(folder, 'app'),
    store: sqliteStore(join(folder, 'chat.sqlite')),
  });
  await server.listen(Number(page.port));
}

function get(path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: page.hostname, port: page.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('chat server', () => {
  it('sends, stores and broadcasts messages, with the author from the connection', async () => {
    const ada = connect('ada');
    const grace = connect('grace');
    try {
      const received: Message[] = [];
      const sub = grace.chat.messages.subscribe(
        { room: 'general' },
        { onData: (message) => received.push(message) },
      );
      await waitFor(() => sub.status === 'live');
      const sent = await ada.chat.send({ room: 'general', text: '  hello  ' });
      expect(sent).toMatchObject({ author: 'ada', text: 'hello', room: 'general' });
      await waitFor(() => received.length === 1);
      expect(received[0]).toEqual(sent);
      expect(await grace.chat.history({ room: 'general' })).toContainEqual(sent);
    } finally {
      ada.close();
      grace.close();
    }
  });

  it('keeps history across a restart: a client that comes afterwards gets it first thing', async () => {
    const ada = connect('ada');
    let sent: Message;
    try {
      sent = await ada.chat.send({ room: 'random', text: 'before the restart' });
    } finally {
      ada.close();
    }
    await restart();
    const grace = connect('grace');
    try {
      expect(await grace.chat.history({ room: 'random' })).toContainEqual(sent);
      const received: Message[] = [];
      grace.chat.messages.subscribe({ room: 'random' }, { onData: (m) => received.push(m) });
      await waitFor(() => received.some((m) => m.id === sent.id));
    } finally {
      grace.close();
    }
  });

  it('resumes a subscription after a restart from the last message, none lost or doubled', async () => {
    const ada = connect('ada');
    const grace = connect('grace');
    try {
      const received: Message[] = [];
      const sub = grace.chat.messages.subscribe(
        { room: 'help' },
        { onData: (m) => received.push(m) },
      );
      await waitFor(() => sub.status === 'live');
      const before = received.length;
      await ada.chat.send({ room: 'help', text: 'one' });
      await waitFor(() => received.length === before + 1);
      await restart();
      await ada.chat.send({ room: 'help', text: 'two' });
      await waitFor(() => received.at(-1)?.text === 'two');
      const ids = received.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(received.slice(before).map((m) => m.text)).toEqual(['one', 'two']);
    } finally {
      ada.close();
      grace.close();
    }
  });

  it('stores a message sent twice under one id once, and broadcasts it once', async () => {
    const ada = connect('ada');
    const grace = connect('grace');
    try {
      const received: Message[] = [];
      const sub = grace.chat.messages.subscribe(
        { room: 'general' },
        { onData: (m) => received.push(m) },
      );
      await waitFor(() => sub.status === 'live');
      const id = crypto.randomUUID();
      const first = await ada.chat.send({ room: 'general', text: 'once', id });
      const second = await ada.chat.send({ room: 'general', text: 'once', id });
      expect(second).toEqual(first);
      expect(first.id).toBe(id);
      await ada.chat.send({ room: 'general', text: 'marker' });
      await waitFor(() => received.at(-1)?.text === 'marker');
      expect(received.filter((m) => m.id === id)).toHaveLength(1);
      const history = await ada.chat.history({ room: 'general' });
      expect(history.filter((m) => m.id === id)).toHaveLength(1);
      // Someone else's id is not a retry of this send: it is stored as a message of its own.
      const other = await grace.chat.send({ room: 'general', text: 'mine', id });
      expect(other.id).not.toBe(id);
      expect(other.author).toBe('grace');
      const bad = await ada.chat
        .send({ room: 'general', text: 'x', id: 'no spaces!' })
        .catch((e) => e);
      expect(isRpcError(bad, 'BAD_INPUT')).toBe(true);
    } finally {
      ada.close();
      grace.close();
    }
  });

  it('refuses messages that are too long, empty, or for rooms that do not exist, with typed errors', async () => {
    const ada = connect('ada');
    try {
      const tooLong = await ada.chat
        .send({ room: 'general', text: 'x'.repeat(281) })
        .catch((e) => e);
      if (!isRpcError(tooLong, 'MESSAGE_TOO_LONG', ada.chat.send)) throw tooLong;
      expect(tooLong.data).toEqual({ length: 281, max: 280 });
      const empty = await ada.chat.send({ room: 'general', text: '   ' }).catch((e) => e);
      expect(isRpcError(empty, 'MESSAGE_EMPTY')).toBe(true);
      const nowhere = await ada.chat.send({ room: 'nowhere', text: 'hi' }).catch((e) => e);
      if (!isRpcError(nowhere, 'ROOM_NOT_FOUND', ada.chat.send)) throw nowhere;
      expect(nowhere.data.room).toBe('nowhere');
      const huge = await ada.chat
        .send({ room: 'general', text: 'x'.repeat(10_001) })
        .catch((e) => e);
      expect(isRpcError(huge, 'BAD_INPUT')).toBe(true);
    } finally {
      ada.close();
    }
  });

  it('shows who is online and typing with presence: one member per person, gone on leave', async () => {
    const ada = connect('ada');
    const adaAgain = connect('ada');
    const grace = connect('grace');
    try {
      const here = ada.chat.online.join({ room: 'help' }, { typing: false });
      await waitFor(
        () =>
          here
            .members()
            .map((m) => m.id)
            .join() === 'ada',
      );
      // Two tabs of one name are one member.
      const secondTab = adaAgain.chat.online.join({ room: 'help' }, { typing: false });
      const graceHere = grace.chat.online.join({ room: 'help' }, { typing: false });
      await waitFor(() => secondTab.status === 'joined');
      await waitFor(
        () =>
          here
            .members()
            .map((m) => m.id)
            .sort()
            .join() === 'ada,grace',
      );
      expect(await ada.rooms()).toContainEqual({ id: 'help', online: 2 });
      await graceHere.update({ typing: true });
      await waitFor(() => here.members().some((m) => m.id === 'grace' && m.state.typing));
      graceHere.leave();
      await waitFor(
        () =>
          here
            .members()
            .map((m) => m.id)
            .join() === 'ada',
      );
      secondTab.leave();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(here.members().map((m) => m.id)).toEqual(['ada']);
      // A room that does not exist is refused with the declared error.
      const nowhere = ada.chat.online.join({ room: 'nowhere' }, { typing: false });
      await waitFor(() => nowhere.status === 'error');
      expect(isRpcError(nowhere.error, 'ROOM_NOT_FOUND')).toBe(true);
    } finally {
      ada.close();
      adaAgain.close();
      grace.close();
    }
  });

  it('refuses a connection without a name (the auth middleware) and limits how fast one person sends', async () => {
    const nobody = createClient(api, { url: `ws://${page.host}/rpc` });
    // A name of its own: the other tests' messages count against their senders' limits.
    const ada = connect('sender');
    const adaAgain = connect('sender');
    try {
      const refused = await nobody.rooms().catch((error: unknown) => error);
      expect(isRpcError(refused, 'UNAUTHORIZED')).toBe(true);
      const room = nobody.chat.online.join({ room: 'general' }, { typing: false });
      await waitFor(() => room.status === 'error');
      expect(room.error?.code).toBe('UNAUTHORIZED');

      // 10 messages per 10 s per person, whichever tab they come from.
      for (let i = 0; i < 10; i++) {
        await (i % 2 ? ada : adaAgain).chat.send({ room: 'random', text: `burst ${i}` });
      }
      const limited = await ada.chat
        .send({ room: 'random', text: 'one too many' })
        .catch((error: unknown) => error);
      expect(isRpcError(limited, 'RATE_LIMITED')).toBe(true);
      if (isRpcError(limited, 'RATE_LIMITED')) {
        expect(limited.data.retryAfterMs).toBeGreaterThan(0);
        expect(limited.data.retryAfterMs).toBeLessThanOrEqual(1_000);
      }
      // Somebody else is not held back by this person's limit.
      const grace = connect('someone-else');
      await grace.chat.send({ room: 'random', text: 'grace is fine' });
      grace.close();
    } finally {
      nobody.close();
      ada.close();
      adaAgain.close();
    }
  });

  it('serves the app, its assets, and nothing outside its folder', async () => {
    expect(await get('/')).toMatchObject({ status: 200, body: '<p>the app</p>' });
    expect(await get('/some/route')).toMatchObject({ status: 200, body: '<p>the app</p>' });
    expect(await get('/assets/main.js')).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
    });
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await get(path);
      expect(response.body).not.toContain('do not serve');
    }
  });
});
