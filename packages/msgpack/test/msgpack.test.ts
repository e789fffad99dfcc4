import { encode } from '@msgpack/msgpack';
import {
  type ClientOptions,
  createClient,
  isRpcError,
  RpcError,
  type WebSocketConstructor,
} from '@wirecall/client';
import { CloseCode, type Codec, defineContract, jsonCodec, query } from '@wirecall/core';
import { msgpackCodec } from '@wirecall/msgpack';
import { createServer, type ServerOptions } from '@wirecall/server';
import { openRawClient, startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { openRawMsgpackClient } from './rawMsgpackClient.js';

const reported: unknown[] = [];

const handlers = {
  greet: ({ name }: { name: string }) => `Hello, ${name}!`,
  echo: (input: { n: number; s: string }) => input,
  ping: () => 'pong' as const,
  slow: ({ ms }: { ms: number }) => new Promise<number>((resolve) => setTimeout(resolve, ms, ms)),
  fail: ({ how }: { how: string }): undefined => {
    if (how === 'crash') throw new Error('secret in the message');
    throw new RpcError('UNAUTHORIZED');
  },
  chat: {
    send: ({ room }: { room: string }, ctx) => {
      if (room === 'closed') throw ctx.error('ROOM_CLOSED', { room });
      return { id: room };
    },
    async *messages({ room }) {
      yield { id: '1', text: `welcome to ${room}` };
    },
  },
  async *ticks({ count }) {
    for (let i = 0; i < count; i++) yield i;
  },
  async *forever() {
    yield 1;
  },
} satisfies ServerOptions<typeof testContract, object>['handlers'];

type Codecs = NonNullable<ServerOptions<typeof testContract, object>['codec']>;

/** A real server with `codec` on a loopback port, and a real client speaking `clientCodec`. */
async function setup(
  codec: Codecs,
  clientCodec: Codec,
  clientOptions: Partial<ClientOptions> = {},
) {
  reported.length = 0;
  const started = await startServer(testContract, {
    handlers,
    codec,
    onError: (error) => reported.push(error),
  });
  const client = createClient(testContract, {
    url: started.url,
    codec: clientCodec,
    ...clientOptions,
  });
  return {
    ...started,
    client,
    async [Symbol.asyncDispose]() {
      client.close();
      await started[Symbol.asyncDispose]();
    },
  };
}

describe('msgpack client and server on real sockets', () => {
  it('answers calls', async () => {
    await using t = await setup(msgpackCodec, msgpackCodec);
    await expect(t.client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
    await expect(t.client.ping()).resolves.toBe('pong');
    await expect(t.client.echo({ n: 1.5, s: 'é😀' })).resolves.toEqual({ n: 1.5, s: 'é😀' });
  });

  it('answers 1,000 concurrent calls on one socket, batched both ways', async () => {
    await using t = await setup(msgpackCodec, msgpackCodec);
    const results = await Promise.all(
      Array.from({ length: 1_000 }, (_, n) => t.client.echo({ n, s: `x${n}` })),
    );
    for (const [n, result] of results.entries()) expect(result).toEqual({ n, s: `x${n}` });
    expect(t.server.stats().connections).toBe(1);
  });

  it('rejects bad input, declared errors and crashes as with JSON', async () => {
    await using t = await setup(msgpackCodec, msgpackCodec);
    const bad = await t.client.chat.send({ room: 'a', text: '' }).catch((e: unknown) => e);
    expect(isRpcError(bad, 'BAD_INPUT') && bad.data.issues[0]?.path).toEqual(['text']);
    const declared = await t.client.chat.send({ room: 'closed', text: 'hi' }).catch((e) => e);
    expect(isRpcError(declared, 'ROOM_CLOSED', t.client.chat.send) && declared.data).toEqual({
      room: 'closed',
    });
    await expect(t.client.fail({ how: 'crash' })).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(t.client.fail({ how: 'unauthorized' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(reported).toHaveLength(1);
  });

  it('delivers subscriptions to completion', async () => {
    await using t = await setup(msgpackCodec, msgpackCodec);
    const seen: number[] = [];
    for await (const n of t.client.ticks.subscribe({ count: 50 })) seen.push(n);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const messages = [];
    for await (const message of t.client.chat.messages.subscribe({ room: 'r' })) {
      messages.push(message);
      break;
    }
    expect(messages).toEqual([{ id: '1', text: 'welcome to r' }]);
  });

  it('sends binary frames of plain MessagePack, a batch as maps one after another', async () => {
    await using t = await setup(msgpackCodec, msgpackCodec);
    await using raw = await openRawMsgpackClient(t.url, { hello: { batch: true } });
    expect(raw.received[0]).toMatchObject({ type: 'welcome', batch: true });
    const calls = Array.from({ length: 20 }, (_, i) => ({
      type: 'call',
      id: i + 1,
      path: 'echo',
      input: { n: i, s: 'x' },
    }));
    for (const call of calls) raw.send(call);
    await waitFor(() => raw.received.length === 21);
    expect(raw.received.slice(1).map((m) => m.id)).toEqual(calls.map((c) => c.id));
    expect(raw.frames.every((frame) => frame.binary)).toBe(true);
    // 20 answers in fewer frames than 20: some frames carried several messages.
    expect(raw.frames.length).toBeLessThan(21);
    expect(raw.frames.some((frame) => frame.messages > 1)).toBe(true);
  });

  it('takes a batch of concatenated maps from a client', async () => {
    await using t = await setup(msgpackCodec, msgpackCodec);
    await using raw = await openRawMsgpackClient(t.url);
    const frames = [1, 2, 3].map((id) =>
      msgpackCodec.encode({ type: 'call', id, path: 'greet', input: { name: `n${id}` } }),
    );
    raw.send(msgpackCodec.joinFrames(frames) as Uint8Array);
    await waitFor(() => raw.received.length === 4);
    expect(raw.received.slice(1).map((m) => m.output)).toEqual([
      'Hello, n1!',
      'Hello, n2!',
      'Hello, n3!',
    ]);
  });
});

describe('negotiation', () => {
  it('serves msgpack and JSON clients from one server, each in its own codec', async () => {
    await using t = await setup([msgpackCodec, jsonCodec], msgpackCodec);
    const jsonClient = createClient(testContract, { url: t.url });
    try {
      const [viaMsgpack, viaJson] = await Promise.all([
        t.client.echo({ n: 1, s: 'm' }),
        jsonClient.echo({ n: 2, s: 'j' }),
      ]);
      expect(viaMsgpack).toEqual({ n: 1, s: 'm' });
      expect(viaJson).toEqual({ n: 2, s: 'j' });
      expect(t.server.stats().connections).toBe(2);
    } finally {
      jsonClient.close();
    }
  });

  it.each([
    [['wirecall.v1.msgpack', 'wirecall.v1'], 'wirecall.v1.msgpack'],
    [['wirecall.v1', 'wirecall.v1.msgpack'], 'wirecall.v1'],
    [['graphql-transport-ws', 'wirecall.v1.msgpack'], 'wirecall.v1.msgpack'],
  ])('agrees to the first subprotocol offered that it speaks: %j → %s', async (offered, agreed) => {
    await using t = await setup([jsonCodec, msgpackCodec], jsonCodec);
    const raw =
      agreed === 'wirecall.v1'
        ? await openRawClient(t.url, { protocols: offered })
        : await openRawMsgpackClient(t.url, { protocols: offered });
    await using _ = raw;
    expect(raw.socket.protocol).toBe(agreed);
    expect(raw.received[0]).toMatchObject({ type: 'welcome' });
  });

  it.each([
    ['a msgpack client against a JSON server', jsonCodec, msgpackCodec, /speaks wirecall\.v1$/],
    ['a JSON client against a msgpack server', msgpackCodec, jsonCodec, /wirecall\.v1\.msgpack/],
  ])('closes %s with 4406 and the client does not retry', async (_name, server, client, reason) => {
    let attempts = 0;
    class CountingWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        attempts++;
      }
    }
    await using t = await setup(server, client, {
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      WebSocket: CountingWebSocket as unknown as WebSocketConstructor,
    });
    const error = await t.client.ping().catch((e: unknown) => e);
    expect(isRpcError(error, 'CONNECTION_CLOSED') && error.data).toMatchObject({
      closeCode: CloseCode.UNSUPPORTED_PROTOCOL,
      reason: expect.stringMatching(reason),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(attempts).toBe(1);
    expect(t.client.state).toBe('idle');
  });

  it('names every subprotocol it speaks when it closes with 4406', async () => {
    await using t = await setup([msgpackCodec, jsonCodec], jsonCodec);
    await using raw = await openRawClient(t.url, { protocols: ['wirecall.v2'], hello: false });
    expect(await raw.closed).toEqual({
      code: CloseCode.UNSUPPORTED_PROTOCOL,
      reason: 'Unsupported subprotocol; this server speaks wirecall.v1.msgpack, wirecall.v1',
    });
  });

  it.each<[string, Codecs, RegExp]>([
    ['no codec', [], /at least one codec/],
    ['two codecs of one subprotocol', [jsonCodec, { ...jsonCodec }], /Two codecs/],
  ])('refuses %s', (_name, codec, message) => {
    expect(() => createServer(testContract, { handlers, codec })).toThrow(message);
  });
});

describe('malformed msgpack frames', () => {
  const ping = msgpackCodec.encode({ type: 'ping' }) as Uint8Array;
  it.each<[string, Uint8Array | string, RegExp]>([
    ['a text frame', '{"type":"ping"}', /binary frames only/],
    ['an empty binary frame', new Uint8Array(), /empty frame/],
    ['a truncated map', Uint8Array.from([0x82, 0xa4, 0x74, 0x79]), /Truncated/],
    ['the reserved byte 0xc1', Uint8Array.from([0xc1]), /each a map/],
    ['a top-level array', Uint8Array.from([0x91, 0x80]), /each a map/],
    ['a msgpackr record', Uint8Array.from([0xd4, 0x72, 0x40, 0x91, 0xa1, 0x61, 0x40, 0x01]), /map/],
    ['msgpackr undefined', Uint8Array.from([0x81, 0xa1, 0x61, 0xd4, 0x00, 0x00]), /extension/],
    ['a map as a map key', Uint8Array.from([0x81, 0x81, 0x01, 0x01, 0x01]), /Invalid MessagePack/],
    ['a message that is not one', encode({ type: 'nope' }), /Unknown/],
    [
      'a batch with one bad message',
      Uint8Array.from([...ping, ...encode({ type: 'call', id: 0 })]),
      /"call" needs "id"/,
    ],
    ['a batch with trailing garbage', Uint8Array.from([...ping, 0x01]), /each a map/],
  ])('closes on %s with 4400 and keeps serving others', async (_name, frame, reason) => {
    await using t = await setup(msgpackCodec, msgpackCodec);
    await using raw = await openRawMsgpackClient(t.url);
    raw.send(frame);
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.PROTOCOL_ERROR);
    expect(closed.reason).toMatch(reason);
    await expect(t.client.echo({ n: 1, s: 'still here' })).resolves.toEqual({
      n: 1,
      s: 'still here',
    });
    await waitFor(() => t.server.stats().connections === 1);
  });

  it('closes a binary frame on a JSON connection with 4400 as before', async () => {
    await using t = await setup([msgpackCodec, jsonCodec], jsonCodec);
    await using raw = await openRawClient(t.url);
    raw.send(Buffer.from(ping));
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.PROTOCOL_ERROR);
    expect(closed.reason).toMatch(/text frames only/);
  });
});

/** Values that JSON changes on the way, in and out. */
const valuesContract = defineContract({
  store: query({
    input: z.object({
      at: z.iso.datetime(),
      note: z.string().optional(),
      tags: z.array(z.string().nullable()),
    }),
    output: z.unknown(),
  }),
});

describe('values reach validation as with JSON', () => {
  it.each([jsonCodec, msgpackCodec])('with $subprotocol', async (codec) => {
    await using started = await startServer(valuesContract, {
      codec: [msgpackCodec, jsonCodec],
      handlers: {
        store: (input) => ({
          input,
          hasNote: 'note' in input,
          at: new Date(Date.UTC(2026, 10, 25)),
          gone: undefined,
          list: [1, undefined],
        }),
      },
    });
    const client = createClient(valuesContract, { url: started.url, codec });
    try {
      const output = await client.store({
        // A Date where the contract wants an ISO string: JSON sends its toJSON, and so does msgpack.
        at: new Date(Date.UTC(2026, 0, 1)) as unknown as string,
        note: undefined,
        tags: ['a', undefined as unknown as null],
      });
      expect(output).toStrictEqual({
        input: { at: '2026-01-01T00:00:00.000Z', tags: ['a', null] },
        hasNote: false,
        at: '2026-11-25T00:00:00.000Z',
        list: [1, null],
      });
    } finally {
      client.close();
    }
  });
});
