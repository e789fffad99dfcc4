import { createClient, ErrorCode } from '@wirecall/client';
import { CloseCode } from '@wirecall/server';
import { openRawClient, startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestHandlers } from './testHandlers.js';

/** A server with a well-behaved typed client already connected and subscribed. */
async function setup(options: { maxMessageBytes?: number } = {}) {
  const fixture = createTestHandlers();
  const reported: unknown[] = [];
  const started = await startServer(testContract, {
    handlers: fixture.handlers,
    onError: (error) => reported.push(error),
    ...options,
  });
  const client = createClient(testContract, { url: started.url });
  const texts: string[] = [];
  const subscription = client.chat.messages.subscribe(
    { room: 'lobby' },
    { onData: (m) => texts.push(m.text) },
  );
  await waitFor(() => subscription.status === 'live');
  return {
    ...started,
    ...fixture,
    client,
    reported,
    /** Checks that the typed client still gets correct answers and events. */
    async expectClientUnaffected(): Promise<void> {
      await expect(client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
      await expect(client.echo({ n: 7, s: 'still here' })).resolves.toEqual({
        n: 7,
        s: 'still here',
      });
      const before = texts.length;
      fixture.publish('lobby', 'still live');
      await waitFor(() => texts.length === before + 1);
      expect(texts.at(-1)).toBe('still live');
      expect(subscription.status).toBe('live');
    },
    async [Symbol.asyncDispose]() {
      client.close();
      await started[Symbol.asyncDispose]();
    },
  };
}

describe('malformed frames', () => {
  it.each<[name: string, hello: boolean, frames: unknown[], code: number, reason: RegExp]>([
    [
      'text that is not JSON',
      true,
      ['{"type": "call", id: 1'],
      CloseCode.PROTOCOL_ERROR,
      /decoded/,
    ],
    ['an empty text frame', true, [''], CloseCode.PROTOCOL_ERROR, /decoded/],
    ['an empty batch', true, ['[]'], CloseCode.PROTOCOL_ERROR, /at least one message/],
    [
      'a batch holding a number',
      true,
      ['[{"type":"ping"},3]'],
      CloseCode.PROTOCOL_ERROR,
      /JSON object/,
    ],
    ['a batch in a batch', true, ['[[{"type":"ping"}]]'], CloseCode.PROTOCOL_ERROR, /JSON object/],
    [
      'a batch with an invalid message',
      true,
      ['[{"type":"call","id":1,"path":"greet","input":{"name":"x"}},{"type":"call","id":0}]'],
      CloseCode.PROTOCOL_ERROR,
      /positive safe integer/,
    ],
    ['a JSON string', true, ['"ping"'], CloseCode.PROTOCOL_ERROR, /JSON object/],
    ['JSON null', true, ['null'], CloseCode.PROTOCOL_ERROR, /JSON object/],
    ['a message without type', true, [{ id: 1, path: 'ping' }], CloseCode.PROTOCOL_ERROR, /"type"/],
    [
      'an unknown type',
      true,
      [{ type: 'welcome' }],
      CloseCode.PROTOCOL_ERROR,
      /Unknown message type/,
    ],
    ['a call without id', true, [{ type: 'call', path: 'ping' }], CloseCode.PROTOCOL_ERROR, /"id"/],
    [
      'a call with id 0',
      true,
      [{ type: 'call', id: 0, path: 'ping' }],
      CloseCode.PROTOCOL_ERROR,
      /"id"/,
    ],
    [
      'a call with a string id',
      true,
      [{ type: 'call', id: '1', path: 'ping' }],
      CloseCode.PROTOCOL_ERROR,
      /"id"/,
    ],
    ['a call without path', true, [{ type: 'call', id: 1 }], CloseCode.PROTOCOL_ERROR, /"path"/],
    ['a cancel without id', true, [{ type: 'cancel' }], CloseCode.PROTOCOL_ERROR, /"id"/],
    [
      'a binary frame',
      true,
      [Buffer.from('{"type":"call","id":1,"path":"ping"}')],
      CloseCode.PROTOCOL_ERROR,
      /binary/,
    ],
    [
      'a binary frame that is not UTF-8',
      true,
      [Buffer.from([0xff, 0xfe, 0xfd])],
      CloseCode.PROTOCOL_ERROR,
      /binary/,
    ],
    [
      'a binary hello',
      false,
      [Buffer.from('{"type":"hello"}')],
      CloseCode.PROTOCOL_ERROR,
      /binary/,
    ],
    [
      'a call before hello',
      false,
      [{ type: 'call', id: 1, path: 'ping' }],
      CloseCode.PROTOCOL_ERROR,
      /hello/,
    ],
    [
      'a subscribe before hello',
      false,
      [{ type: 'subscribe', id: 1, path: 'forever' }],
      CloseCode.PROTOCOL_ERROR,
      /hello/,
    ],
    [
      'a cancel before hello',
      false,
      [{ type: 'cancel', id: 1 }],
      CloseCode.PROTOCOL_ERROR,
      /hello/,
    ],
    ['hello twice', true, [{ type: 'hello' }], CloseCode.CONFLICT, /twice/],
    [
      'hello twice before welcome',
      false,
      [{ type: 'hello' }, { type: 'hello' }],
      CloseCode.CONFLICT,
      /twice/,
    ],
    [
      'the id of a running call',
      true,
      [
        { type: 'call', id: 5, path: 'slow', input: { ms: 5_000 } },
        { type: 'call', id: 5, path: 'ping' },
      ],
      CloseCode.CONFLICT,
      /already running/,
    ],
    [
      'the id of a running subscription, for a call',
      true,
      [
        { type: 'subscribe', id: 9, path: 'forever' },
        { type: 'call', id: 9, path: 'ping' },
      ],
      CloseCode.CONFLICT,
      /already running/,
    ],
  ])('%s closes that socket only', async (_name, hello, frames, code, reason) => {
    await using t = await setup();
    await using raw = await openRawClient(t.url, { hello });
    for (const frame of frames) raw.send(frame);
    const closed = await raw.closed;
    expect(closed.code).toBe(code);
    expect(closed.reason).toMatch(reason);
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
    await waitFor(() => t.server.stats().connections === 1);
    await t.expectClientUnaffected();
    expect(t.reported).toEqual([]);
  });

  it('stops the running operations of a socket it closes', async () => {
    await using t = await setup();
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'call', id: 1, path: 'slow', input: { ms: 5_000 } });
    raw.send({ type: 'subscribe', id: 2, path: 'forever' });
    await raw.next((m) => m.type === 'event' && m.id === 2);
    expect(t.server.stats()).toMatchObject({ connections: 2, calls: 1, subscriptions: 2 });
    raw.send({ type: 'subscribe', id: 2, path: 'forever' });
    expect((await raw.closed).code).toBe(CloseCode.CONFLICT);
    await waitFor(() => t.log.slowAborted === 1 && t.log.finalized === 1);
    expect(t.server.stats()).toMatchObject({ connections: 1, calls: 0, subscriptions: 1 });
    await t.expectClientUnaffected();
  });

  it('closes a frame over maxMessageBytes with 1009 and keeps serving others', async () => {
    await using t = await setup({ maxMessageBytes: 1_024 });
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'call', id: 1, path: 'echo', input: { n: 1, s: 'x'.repeat(2_000) } });
    expect((await raw.closed).code).toBe(CloseCode.MESSAGE_TOO_BIG);
    await waitFor(() => t.server.stats().connections === 1);
    await t.expectClientUnaffected();
    const justUnder = 'y'.repeat(900);
    await expect(t.client.echo({ n: 2, s: justUnder })).resolves.toEqual({ n: 2, s: justUnder });
  });
});

describe('subprotocol', () => {
  it.each([
    ['no subprotocol', []],
    ['a subprotocol the server does not speak', ['graphql-transport-ws']],
    ['another version', ['wirecall.v2']],
  ])('closes a client offering %s with 4406', async (_name, protocols) => {
    await using t = await setup();
    await using raw = await openRawClient(t.url, { protocols, hello: false });
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.UNSUPPORTED_PROTOCOL);
    expect(closed.reason).toMatch(/wirecall\.v1/);
    await waitFor(() => t.server.stats().connections === 1);
    await t.expectClientUnaffected();
  });

  it('picks wirecall.v1 among the subprotocols a client offers', async () => {
    await using t = await setup();
    await using raw = await openRawClient(t.url, {
      protocols: ['graphql-transport-ws', 'wirecall.v1'],
    });
    expect(raw.socket.protocol).toBe('wirecall.v1');
    raw.send({ type: 'call', id: 1, path: 'ping' });
    await expect(raw.next((m) => m.id === 1)).resolves.toEqual({
      type: 'result',
      id: 1,
      output: 'pong',
    });
  });
});

describe('requests the server cannot serve', () => {
  it.each([
    ['call', 'nope', 'an unknown procedure'],
    ['call', 'chat', 'a namespace'],
    ['call', 'ticks', 'a subscription'],
    ['subscribe', 'chat.nope', 'an unknown subscription'],
    // A `subscribe` naming a query watches it (a live query): see test/live/liveQueries.test.ts.
    ['subscribe', 'chat.send', 'a mutation'],
  ])('answers a %s of "%s" (%s) with NOT_FOUND and stays open', async (type, path) => {
    await using t = await setup();
    await using raw = await openRawClient(t.url);
    raw.send({ type, id: 1, path, input: { count: 1 } });
    const answer = await raw.next((m) => m.id === 1);
    expect(answer).toMatchObject({ type: 'error', id: 1, error: { code: ErrorCode.NOT_FOUND } });
    expect(JSON.stringify(answer)).toContain(path);
    // The id is free again, and the socket still serves.
    raw.send({ type: 'call', id: 1, path: 'greet', input: { name: 'again' } });
    await expect(raw.next((m) => m.type === 'result')).resolves.toEqual({
      type: 'result',
      id: 1,
      output: 'Hello, again!',
    });
    expect(raw.socket.readyState).toBe(raw.socket.OPEN);
    expect(t.reported).toEqual([]);
  });

  it('ignores cancel and unsubscribe of ids it does not know', async () => {
    await using t = await setup();
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'call', id: 1, path: 'ping' });
    await raw.next((m) => m.id === 1);
    raw.send({ type: 'cancel', id: 1 }); // already answered
    raw.send({ type: 'cancel', id: 41 });
    raw.send({ type: 'unsubscribe', id: 42 });
    raw.send({ type: 'unsubscribe', id: Number.MAX_SAFE_INTEGER });
    raw.send({ type: 'call', id: 2, path: 'ping' });
    await expect(raw.next((m) => m.id === 2)).resolves.toEqual({
      type: 'result',
      id: 2,
      output: 'pong',
    });
    expect(raw.received.map((m) => m.type)).toEqual(['welcome', 'result', 'result']);
    expect(raw.socket.readyState).toBe(raw.socket.OPEN);
    expect(t.reported).toEqual([]);
  });
});
