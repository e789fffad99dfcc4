import { once } from 'node:events';
import { createClient } from '@wirecall/client';
import { CloseCode } from '@wirecall/core';
import { startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';

type Message = Record<string, unknown> & { type: string; id?: number };

/**
 * A server that speaks the protocol by hand on a real `ws` socket: it records every frame the
 * client sends and answers calls with `answer`, so tests see exactly how messages were framed.
 */
async function openHandServer(options: {
  welcome: Record<string, unknown>;
  answer?: (message: Message, socket: WebSocket) => void;
}) {
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    handleProtocols: () => 'wirecall.v1',
  });
  await once(wss, 'listening');
  const frames: string[] = [];
  const messages: Message[] = [];
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const text = String(data);
      frames.push(text);
      const decoded = JSON.parse(text) as Message | Message[];
      for (const message of Array.isArray(decoded) ? decoded : [decoded]) {
        messages.push(message);
        if (message.type === 'hello')
          socket.send(JSON.stringify({ type: 'welcome', ...options.welcome }));
        else options.answer?.(message, socket);
      }
    });
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    frames,
    messages,
    sockets: () => [...wss.clients],
    async [Symbol.asyncDispose]() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

const echoAnswer = (message: Message, socket: WebSocket) => {
  if (message.type === 'call') {
    socket.send(JSON.stringify({ type: 'result', id: message.id, output: message.input }));
  }
};

describe('client batches', () => {
  it('says in hello that it takes batches', async () => {
    await using server = await openHandServer({ welcome: {} });
    const client = createClient(testContract, { url: server.url });
    client.connect();
    await waitFor(() => server.messages.length === 1);
    expect(server.messages[0]).toMatchObject({ type: 'hello', batch: true });
    client.close();
  });

  it('sends the calls made in one turn as one frame to a server that takes batches', async () => {
    await using server = await openHandServer({ welcome: { batch: true }, answer: echoAnswer });
    const client = createClient(testContract, { url: server.url });
    await client.ping().catch(() => undefined);
    const before = server.frames.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) => client.echo({ n, s: 'x' })),
    );
    expect(results.map((r) => r.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    const frames = server.frames.slice(before);
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0] as string)).toHaveLength(20);
    client.close();
  });

  it('sends one message per frame to a server that did not say it takes batches', async () => {
    await using server = await openHandServer({ welcome: {}, answer: echoAnswer });
    const client = createClient(testContract, { url: server.url });
    await Promise.all(Array.from({ length: 10 }, (_, n) => client.echo({ n, s: 'x' })));
    const calls = server.frames.filter((frame) => !frame.includes('"hello"'));
    expect(calls).toHaveLength(10);
    for (const frame of calls) expect(JSON.parse(frame)).not.toBeInstanceOf(Array);
    client.close();
  });

  it("keeps every batch within the server's maxMessageBytes", async () => {
    const maxMessageBytes = 4_000;
    await using server = await openHandServer({
      welcome: {
        batch: true,
        limits: { maxCallsInFlight: 64, maxSubscriptions: 10, maxMessageBytes },
      },
      answer: echoAnswer,
    });
    const client = createClient(testContract, { url: server.url });
    // 'é' is 2 bytes in UTF-8: batches are bounded in bytes, not in characters.
    const s = 'é'.repeat(300);
    await Promise.all(Array.from({ length: 30 }, (_, n) => client.echo({ n, s })));
    const calls = server.frames.filter((frame) => !frame.includes('"hello"'));
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.length).toBeLessThan(30);
    for (const frame of calls)
      expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(maxMessageBytes);
    client.close();
  });

  it("takes the server's batches: results and events in order", async () => {
    await using server = await openHandServer({
      welcome: { batch: true },
      answer: (message, socket) => {
        if (message.type !== 'subscribe') return;
        socket.send(
          JSON.stringify([
            { type: 'subscribed', id: message.id },
            ...[1, 2, 3].map((n) => ({ type: 'event', id: message.id, data: n })),
            { type: 'complete', id: message.id },
          ]),
        );
      },
    });
    const client = createClient(testContract, { url: server.url });
    const events: number[] = [];
    for await (const n of client.forever.subscribe()) events.push(n);
    expect(events).toEqual([1, 2, 3]);
    client.close();
  });

  it('closes with 4400 on a batch holding an invalid message, acting on none of it', async () => {
    await using server = await openHandServer({
      welcome: { batch: true },
      answer: (message, socket) => {
        if (message.type !== 'call') return;
        socket.send(
          JSON.stringify([{ type: 'result', id: message.id, output: 'pong' }, { type: 'result' }]),
        );
      },
    });
    const closes: number[] = [];
    const client = createClient(testContract, {
      url: server.url,
      retry: () => false,
    });
    client.on('close', (info) => closes.push(info.code));
    const outcome = client.ping().then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await waitFor(() => closes.length === 1);
    expect(closes).toEqual([CloseCode.PROTOCOL_ERROR]);
    expect(await outcome).not.toBe('resolved');
    client.close();
  });

  it('batches against the real server both ways: 200 calls in flight all answered', async () => {
    await using t = await startServer(testContract, {
      handlers: {
        greet: ({ name }) => `Hello, ${name}!`,
        echo: (input) => input,
        ping: () => 'pong',
        slow: ({ ms }) => new Promise((resolve) => setTimeout(() => resolve(ms), ms)),
        fail: () => undefined,
        chat: { send: ({ room }) => ({ id: room }), messages: async function* () {} },
        ticks: async function* ({ count }) {
          for (let i = 0; i < count; i++) yield i;
        },
        forever: async function* () {},
      },
    });
    const client = createClient(testContract, { url: t.url });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, n) => client.echo({ n, s: 'x'.repeat(n) })),
    );
    expect(results.map((r) => r.s.length)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    const ticks: number[] = [];
    for await (const n of client.ticks.subscribe({ count: 500 })) ticks.push(n);
    expect(ticks).toEqual(Array.from({ length: 500 }, (_, n) => n));
    client.close();
  });
});
