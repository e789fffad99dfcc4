// The socket attachment bookkeeping, in Node: what is kept as frames go by, what is refused,
// and how a connection is replayed from it. The socket is a stand-in for workerd's (this file
// tests bookkeeping only; the workerd tests prove it end to end).
import { jsonCodec, MAX_CURSOR_LENGTH } from '@wirecall/core';
import { describe, expect, it } from 'vitest';
import {
  type ConnectionAttachment,
  fitsAttachment,
  readAttachment,
} from '../src/connectionAttachment.js';
import { HibernatingSocket } from '../src/HibernatingSocket.js';
import type { HibernatableWebSocket } from '../src/workersTypes.js';

function fakeWs() {
  const sent: string[] = [];
  const closes: Array<[number | undefined, string | undefined]> = [];
  let attachment: unknown = null;
  const ws: HibernatableWebSocket = {
    send: (message) => void sent.push(String(message)),
    close: (code, reason) => void closes.push([code, reason]),
    serializeAttachment: (value) => {
      attachment = value;
    },
    deserializeAttachment: () => attachment,
  };
  return { ws, sent, closes, stored: () => readAttachment(attachment) };
}

const fresh = (): ConnectionAttachment => ({
  v: 1,
  protocol: 'wirecall.v1',
  request: { url: 'https://x/rooms/a', headers: {} },
  subs: {},
});

describe('HibernatingSocket', () => {
  it('keeps the hello, each subscription with its cursor and credit, and forgets ended ones', () => {
    const { ws, stored } = fakeWs();
    const socket = new HibernatingSocket(ws, fresh(), jsonCodec, 4_096);
    const core: string[] = [];
    socket.onMessage((frame) => core.push(String(frame)));
    socket.receive(JSON.stringify({ type: 'hello', params: { token: 't' }, session: 's1' }));
    socket.receive(
      JSON.stringify([
        { type: 'subscribe', id: 1, path: 'feed', input: { topic: 'a' }, credit: 2 },
        { type: 'subscribe', id: 2, path: 'numbers', input: { count: 3 } },
      ]),
    );
    expect(core).toHaveLength(2);
    socket.send(JSON.stringify({ type: 'event', id: 1, data: { n: 1 }, eventId: 'e-1' }));
    socket.receive(JSON.stringify({ type: 'credit', id: 1, credit: 5 }));
    socket.send(JSON.stringify({ type: 'complete', id: 2 }));
    expect(stored()).toMatchObject({
      hello: { params: { token: 't' }, session: 's1' },
      subs: { 1: { path: 'feed', input: { topic: 'a' }, lastEventId: 'e-1', credit: 6 } },
    });
    expect(stored()?.subs[2]).toBeUndefined();
    socket.receive(JSON.stringify({ type: 'unsubscribe', id: 1 }));
    expect(stored()?.subs).toEqual({});
  });

  it('refuses a subscription that does not fit with LIMIT_EXCEEDED, passing the rest of its batch on', () => {
    const { ws, sent, stored } = fakeWs();
    const socket = new HibernatingSocket(ws, fresh(), jsonCodec, 1_024);
    const core: string[] = [];
    socket.onMessage((frame) => core.push(String(frame)));
    socket.receive(
      JSON.stringify([
        { type: 'subscribe', id: 1, path: 'feed', input: { topic: 'x'.repeat(2_000) } },
        { type: 'call', id: 2, path: 'greet', input: { name: 'Ada' } },
      ]),
    );
    expect(core.map((frame) => JSON.parse(frame))).toEqual([
      { type: 'call', id: 2, path: 'greet', input: { name: 'Ada' } },
    ]);
    expect(JSON.parse(sent[0] ?? '')).toMatchObject({
      type: 'error',
      id: 1,
      error: { code: 'LIMIT_EXCEEDED', data: { limit: 'attachmentBytes', max: 1_024 } },
    });
    expect(stored()?.subs ?? {}).toEqual({});
  });

  it('closes with 4400 a hello whose params do not fit', () => {
    const { ws, closes } = fakeWs();
    const socket = new HibernatingSocket(ws, fresh(), jsonCodec, 1_024);
    const core: string[] = [];
    socket.onMessage((frame) => core.push(String(frame)));
    socket.receive(JSON.stringify({ type: 'hello', params: { blob: 'x'.repeat(2_000) } }));
    expect(core).toEqual([]);
    expect(closes[0]?.[0]).toBe(4400);
  });

  it('passes frames it cannot parse to the core untouched, which closes the connection', () => {
    const { ws } = fakeWs();
    const socket = new HibernatingSocket(ws, fresh(), jsonCodec, 4_096);
    const core: string[] = [];
    socket.onMessage((frame) => core.push(String(frame)));
    socket.receive('{"type":"call","id":');
    socket.receive('{"type":"nonsense"}');
    expect(core).toEqual(['{"type":"call","id":', '{"type":"nonsense"}']);
  });

  it('replays hello, then the subscriptions from their cursors, swallowing welcome and subscribed', async () => {
    const { ws, sent } = fakeWs();
    const attachment: ConnectionAttachment = {
      ...fresh(),
      hello: { params: { token: 't' } },
      subs: { 3: { path: 'feed', input: { topic: 'a' }, lastEventId: 'e-9', credit: 4 } },
    };
    const socket = new HibernatingSocket(ws, attachment, jsonCodec, 4_096);
    const core: Array<Record<string, unknown>> = [];
    socket.onMessage((frame) => {
      const message = JSON.parse(String(frame));
      core.push(message);
      // The core's answers, as a server would send them.
      if (message.type === 'hello') socket.send(JSON.stringify({ type: 'welcome' }));
      if (message.type === 'subscribe')
        socket.send(
          JSON.stringify([
            { type: 'subscribed', id: 3 },
            { type: 'event', id: 3, data: 1, eventId: 'e-10' },
          ]),
        );
    });
    await socket.restore();
    expect(core).toEqual([
      { type: 'hello', params: { token: 't' } },
      {
        type: 'subscribe',
        id: 3,
        path: 'feed',
        input: { topic: 'a' },
        lastEventId: 'e-9',
        credit: 4,
      },
    ]);
    // The client saw neither a second welcome nor a second subscribed; the new event went out.
    expect(sent.map((frame) => JSON.parse(frame))).toEqual([
      { type: 'event', id: 3, data: 1, eventId: 'e-10' },
    ]);
  });

  it('ends a restore at once for a socket the hub refused', async () => {
    const { ws } = fakeWs();
    const socket = new HibernatingSocket(ws, fresh(), jsonCodec, 4_096);
    socket.close(1001, 'Server shutting down');
    await expect(socket.restore()).resolves.toBeUndefined();
  });
});

describe('connection attachments', () => {
  it.each([
    ['nothing', null],
    ['not our string', 'hello'],
    ['another version', JSON.stringify({ ...fresh(), v: 2 })],
    ['no subscriptions', JSON.stringify({ ...fresh(), subs: null })],
    ['an object instead of its text', fresh()],
  ])('reads %s as no attachment', (_name, value) => {
    expect(readAttachment(value)).toBeUndefined();
  });

  it('reserves room for every cursor to grow to the longest', () => {
    const attachment = fresh();
    for (let id = 1; id <= 3; id++) attachment.subs[id] = { path: 'feed' };
    const bytes = JSON.stringify(attachment).length;
    expect(fitsAttachment(attachment, bytes + 3 * (MAX_CURSOR_LENGTH + 20))).toBe(true);
    expect(fitsAttachment(attachment, bytes + 3 * MAX_CURSOR_LENGTH)).toBe(false);
  });
});
