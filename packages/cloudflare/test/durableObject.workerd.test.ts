// The Durable Object's own rules in a real workerd: what does not fit a socket attachment is
// refused with a typed error, pings are answered by the runtime itself, the router turns away
// bad names and forged internal publishes, and the HTTP transport (calls, SSE) is served too.
import {
  type CloseInfo,
  createClient,
  ErrorCode,
  isRpcError,
  type RpcError,
} from '@wirecall/client';
import { openRawClient } from '@wirecall/test-utils';
import { conformanceContract } from '@wirecall/test-utils/conformance';
import type { RunningWorker } from '@wirecall/test-utils/runtimes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomUrl, startRoomsWorker } from './roomsWorker.js';

const noRetry = { retry: { maxAttempts: 1 } } as const;

describe('WirecallDurableObject in workerd', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    worker = await startRoomsWorker();
  });
  afterAll(() => worker?.[Symbol.asyncDispose]());

  it('refuses a subscription that would not fit the socket attachment with LIMIT_EXCEEDED, and serves on', async () => {
    const client = createClient(conformanceContract, { url: roomUrl(worker, crypto.randomUUID()) });
    try {
      const errors: RpcError[] = [];
      client.feed.subscribe(
        { topic: 'x'.repeat(5_000) },
        { onError: (error) => errors.push(error) },
      );
      await expect.poll(() => errors.length, { timeout: 15_000 }).toBe(1);
      expect(isRpcError(errors[0], ErrorCode.LIMIT_EXCEEDED)).toBe(true);
      expect(errors[0]?.data).toEqual({ limit: 'attachmentBytes', max: 4_096 });
      const events: number[] = [];
      const small = client.feed.subscribe({ topic: 'ok' }, { onData: ({ n }) => events.push(n) });
      await expect.poll(() => small.status, { timeout: 15_000 }).toBe('live');
      await client.publish({ topic: 'ok', n: 1 });
      await expect.poll(() => events, { timeout: 15_000 }).toEqual([1]);
    } finally {
      client.close();
    }
  });

  it('closes a connection whose params would not fit the socket attachment with 4400', async () => {
    const closes: CloseInfo[] = [];
    const client = createClient(conformanceContract, {
      url: roomUrl(worker, crypto.randomUUID()),
      params: { blob: 'x'.repeat(5_000) },
      ...noRetry,
    });
    client.on('close', (info) => closes.push(info));
    try {
      await expect.poll(() => closes.length, { timeout: 15_000 }).toBe(1);
      expect(closes[0]?.code).toBe(4400);
      expect(closes[0]?.reason).toContain('socket attachment');
    } finally {
      client.close();
    }
  });

  it("answers the client's ping frame from the runtime, without the object (even before hello)", async () => {
    await using raw = await openRawClient(roomUrl(worker, crypto.randomUUID()), { hello: false });
    // The object itself would close a socket that pings before its hello with 4400.
    raw.send('{"type":"ping"}');
    await expect(raw.next((message) => message.type === 'pong')).resolves.toEqual({ type: 'pong' });
    raw.send({ type: 'hello' });
    await raw.next((message) => message.type === 'welcome');
  });

  it('routes by name: no name is 404, a name too long 400, a forged internal publish 404', async () => {
    const status = async (path: string, init?: RequestInit) =>
      (await fetch(`${worker.url}${path}`, init)).status;
    expect(await status('rooms/')).toBe(404);
    expect(await status(`rooms/${'r'.repeat(300)}`)).toBe(400);
    const forged = { method: 'POST', body: JSON.stringify({ topic: 'news', event: { n: 1 } }) };
    expect(await status('rooms/a/__wirecall/publish', forged)).toBe(404);
    expect(
      await status('rooms/a', { ...forged, headers: { 'x-wirecall-internal': 'publish' } }),
    ).toBe(404);
  });

  it('refuses a cross-object publish without a topic: the object answers 400, the helper throws', async () => {
    const response = await fetch(`${worker.url}publish/${crypto.randomUUID()}?n=1`);
    expect(response.status).toBe(500);
  });

  it("runs the object's alarm after initialising it: its publish reaches the sockets", async () => {
    const room = crypto.randomUUID();
    const client = createClient(conformanceContract, { url: roomUrl(worker, room) });
    try {
      const events: number[] = [];
      const feed = client.feed.subscribe({ topic: 'alarm' }, { onData: ({ n }) => events.push(n) });
      await expect.poll(() => feed.status, { timeout: 15_000 }).toBe('live');
      const response = await fetch(`${worker.url}rooms/${room}/__alarm?topic=alarm&n=7`);
      expect(await response.text()).toBe('set');
      await expect.poll(() => events, { timeout: 15_000 }).toEqual([7]);
    } finally {
      client.close();
    }
  });

  it('serves calls and SSE subscriptions over HTTP from the same object', async () => {
    const room = crypto.randomUUID();
    const client = createClient(conformanceContract, {
      url: `${worker.url}rooms/${room}`,
      transport: 'http',
    });
    try {
      await expect(client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
      const events: number[] = [];
      for await (const n of client.numbers.subscribe({ count: 4, intervalMs: 0 })) events.push(n);
      expect(events).toEqual([0, 2, 4, 6]);
      const error = await client.greet({ name: '' }).catch((thrown: RpcError) => thrown);
      expect(isRpcError(error, ErrorCode.BAD_INPUT)).toBe(true);
    } finally {
      client.close();
    }
  });
});
