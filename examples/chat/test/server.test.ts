import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, isRpcError } from '@wirecall/client';
import { waitFor } from '@wirecall/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Message } from '../src/contract.js';
import { type ChatServer, createChatServer } from '../src/server/createChatServer.js';

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
  server = createChatServer({ staticDir: join(folder, 'app') });
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
  });
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

  it('tracks who is online by their subscriptions to the room', async () => {
    const ada = connect('ada');
    const grace = connect('grace');
    try {
      const seen: string[][] = [];
      ada.chat.online.subscribe({ room: 'help' }, { onData: (people) => seen.push(people) });
      await waitFor(() => seen.at(-1)?.join() === 'ada');
      const graceHere = grace.chat.online.subscribe({ room: 'help' }, { onData: () => {} });
      await waitFor(() => seen.at(-1)?.join() === 'ada,grace');
      expect(await ada.rooms()).toContainEqual({ id: 'help', online: 2 });
      graceHere.unsubscribe();
      await waitFor(() => seen.at(-1)?.join() === 'ada');
    } finally {
      ada.close();
      grace.close();
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
