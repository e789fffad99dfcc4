import { CloseCode } from '@wirecall/server';
import { openRawClient, startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestHandlers } from './testHandlers.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('credit on the wire', () => {
  it('sends exactly as many events as granted', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'forever', credit: 2 });
    await raw.next((m) => m.type === 'event' && m.data === 1);
    await pause(100);
    const events = () => raw.received.filter((m) => m.type === 'event').map((m) => m.data);
    expect(events()).toEqual([0, 1]);
    raw.send({ type: 'credit', id: 1, credit: 3 });
    await raw.next((m) => m.type === 'event' && m.data === 4);
    await pause(100);
    expect(events()).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts with no events for a credit of 0, until a grant', async () => {
    const { handlers, log } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'subscribe', id: 1, path: 'forever', credit: 0 });
    await raw.next((m) => m.type === 'subscribed');
    await pause(100);
    expect(raw.received.some((m) => m.type === 'event')).toBe(false);
    // Not even the generator's first step has run: nothing asked it for an event.
    expect(log.started).toBe(0);
    raw.send({ type: 'credit', id: 1, credit: 1 });
    expect(await raw.next((m) => m.type === 'event')).toMatchObject({ id: 1, data: 0 });
  });

  it('ignores grants for unknown or finished ids and saturates huge ones', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url);
    raw.send({ type: 'credit', id: 99, credit: 5 });
    raw.send({ type: 'call', id: 2, path: 'ping' });
    raw.send({ type: 'credit', id: 2, credit: 5 });
    expect(await raw.next((m) => m.id === 2)).toEqual({ type: 'result', id: 2, output: 'pong' });
    raw.send({ type: 'subscribe', id: 3, path: 'ticks', input: { count: 3 }, credit: 1 });
    for (let n = 0; n < 4; n++) raw.send({ type: 'credit', id: 3, credit: 2 ** 31 - 1 });
    await raw.next((m) => m.type === 'complete' && m.id === 3);
    expect(raw.received.filter((m) => m.id === 3 && m.type === 'event')).toHaveLength(3);
    raw.send({ type: 'call', id: 4, path: 'ping' });
    expect(await raw.next((m) => m.id === 4)).toMatchObject({ output: 'pong' });
  });

  it.each([
    ['a credit of 0', { type: 'credit', id: 1, credit: 0 }],
    ['a negative credit', { type: 'credit', id: 1, credit: -1 }],
    ['an overflowing credit', { type: 'credit', id: 1, credit: 2 ** 31 }],
    [
      'a subscribe with an unknown policy',
      { type: 'subscribe', id: 2, path: 'forever', overflow: 'x' },
    ],
  ])('closes with 4400 on %s, and other clients go on', async (_name, frame) => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using bystander = await openRawClient(t.url);
    bystander.send({ type: 'subscribe', id: 1, path: 'forever', credit: 1_000 });
    await bystander.next((m) => m.type === 'event');
    await using raw = await openRawClient(t.url);
    raw.send(frame);
    expect((await raw.closed).code).toBe(CloseCode.PROTOCOL_ERROR);
    const before = bystander.received.length;
    await waitFor(() => bystander.received.length > before);
  });

  it('refuses a credit before the handshake', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url, { hello: false });
    raw.send({ type: 'credit', id: 1, credit: 1 });
    expect((await raw.closed).code).toBe(CloseCode.PROTOCOL_ERROR);
  });
});
