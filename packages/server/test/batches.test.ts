import { CloseCode, jsonCodec } from '@wirecall/core';
import { DEFAULT_MAX_BATCH_SIZE } from '@wirecall/core/internal';
import { openRawClient, startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestHandlers } from './testHandlers.js';

function calls(count: number, firstId = 1) {
  return Array.from({ length: count }, (_, i) => ({
    type: 'call',
    id: firstId + i,
    path: 'echo',
    input: { n: firstId + i, s: 'x' },
  }));
}

describe('batches of messages in one frame', () => {
  it('runs every call of a batch and answers in order', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url, { hello: { batch: true } });
    expect(raw.received[0]).toMatchObject({ type: 'welcome', batch: true });
    raw.send(calls(50));
    await waitFor(() => raw.received.length === 51);
    const results = raw.received.slice(1);
    expect(results.map((m) => m.id)).toEqual(calls(50).map((c) => c.id));
    expect(results.every((m, i) => m.type === 'result' && (m.output as { n: number }).n === i + 1));
  });

  it('sends what it answers in one turn as one frame to a client that takes batches', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url, { hello: { batch: true } });
    raw.send(calls(64));
    await waitFor(() => raw.received.length === 65);
    // The welcome, then the 64 answers: all in one batch, or a few if the socket split the reads.
    const batches = raw.frames.slice(1);
    expect(batches.length).toBeLessThanOrEqual(4);
    expect(JSON.parse(batches[0] as string)).toBeInstanceOf(Array);
  });

  it('answers a call that came alone in its frame alone, and calls that came in a batch in one', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url, { hello: { batch: true } });
    for (const call of calls(3)) {
      raw.send(call);
      await waitFor(() => raw.received.length === call.id + 1);
    }
    // One call at a time: each answer is a frame of its own, a message and not an array.
    expect(raw.frames.slice(1).map((frame) => JSON.parse(frame as string).id)).toEqual([1, 2, 3]);
    raw.send(calls(8, 4));
    await waitFor(() => raw.received.length === 12);
    expect(raw.frames.length).toBeLessThanOrEqual(4 + 2);
    expect(JSON.parse(raw.frames[4] as string)).toBeInstanceOf(Array);
  });

  it('sends one message per frame to a client that did not ask for batches', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url);
    for (const call of calls(20)) raw.send(call);
    await waitFor(() => raw.received.length === 21);
    expect(raw.frames).toHaveLength(21);
    for (const frame of raw.frames) expect(JSON.parse(frame)).not.toBeInstanceOf(Array);
  });

  it('takes batches from a client that did not say it takes them', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url);
    raw.send(calls(3));
    await waitFor(() => raw.received.length === 4);
    expect(raw.frames).toHaveLength(4);
  });

  it('applies each message of a batch in order: a cancel right after its call stops it', async () => {
    const fixture = createTestHandlers();
    await using t = await startServer(testContract, { handlers: fixture.handlers });
    await using raw = await openRawClient(t.url, { hello: { batch: true } });
    raw.send([
      { type: 'call', id: 1, path: 'slow', input: { ms: 5_000 } },
      { type: 'cancel', id: 1 },
      { type: 'call', id: 2, path: 'greet', input: { name: 'Ada' } },
    ]);
    await raw.next((m) => m.id === 2);
    await waitFor(() => fixture.log.slowAborted === 1);
    expect(raw.received.filter((m) => m.id === 1)).toEqual([]);
    expect(t.server.stats()).toMatchObject({ calls: 0 });
  });

  it('counts every message of a batch against the limits', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers, maxCallsInFlight: 2 });
    await using raw = await openRawClient(t.url, { hello: { batch: true } });
    raw.send([1, 2, 3].map((id) => ({ type: 'call', id, path: 'slow', input: { ms: 50 } })));
    const refused = await raw.next((m) => m.id === 3);
    expect(refused).toMatchObject({ type: 'error', error: { code: 'BACKPRESSURE' } });
    await raw.next((m) => m.id === 2 && m.type === 'result');
  });

  it('refuses a batch with one bad message whole: none of it runs', async () => {
    const fixture = createTestHandlers();
    await using t = await startServer(testContract, { handlers: fixture.handlers });
    await using raw = await openRawClient(t.url, { hello: { batch: true } });
    raw.send([
      { type: 'subscribe', id: 1, path: 'chat.messages', input: { room: 'a' } },
      { type: 'subscribe', id: 1.5, path: 'chat.messages', input: { room: 'b' } },
    ]);
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.PROTOCOL_ERROR);
    expect(fixture.log.started).toBe(0);
    expect(raw.received.filter((m) => m.type !== 'welcome')).toEqual([]);
  });

  it('stops at a message that closes the connection: the rest of the batch does not run', async () => {
    const fixture = createTestHandlers();
    await using t = await startServer(testContract, { handlers: fixture.handlers });
    await using raw = await openRawClient(t.url, { hello: { batch: true } });
    raw.send([
      { type: 'call', id: 1, path: 'slow', input: { ms: 5_000 } },
      { type: 'hello' },
      { type: 'subscribe', id: 2, path: 'chat.messages', input: { room: 'a' } },
    ]);
    expect((await raw.closed).code).toBe(CloseCode.CONFLICT);
    expect(fixture.log.started).toBe(0);
    await waitFor(() => fixture.log.slowAborted === 1);
  });

  it('refuses a ping batched with the hello: nothing but hello is taken before the welcome', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url, { hello: false });
    raw.send([{ type: 'hello', batch: true }, { type: 'ping' }]);
    expect((await raw.closed).code).toBe(CloseCode.PROTOCOL_ERROR);
    expect(raw.received).toEqual([]);
  });

  it('sends what was batched before closing, then closes', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url, { hello: { batch: true } });
    raw.send(calls(5, 1).map((c, i) => (i === 0 ? { ...c, path: 'slow', input: { ms: 100 } } : c)));
    await raw.next((m) => m.id === 5);
    // A graceful close waits for the slow call, whose answer and the close come in one turn.
    const closing = t.server.close({ timeoutMs: 5_000 });
    expect((await raw.closed).code).toBe(CloseCode.GOING_AWAY);
    await closing;
    expect(raw.received.find((m) => m.id === 1)).toEqual({ type: 'result', id: 1, output: 100 });
  });

  it('keeps a batch within DEFAULT_MAX_BATCH_SIZE characters: a larger message goes alone', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    await using raw = await openRawClient(t.url, { hello: { batch: true } });
    const big = 'y'.repeat(3_000);
    raw.send(calls(40).map((c) => (c.id % 10 === 0 ? { ...c, input: { n: c.id, s: big } } : c)));
    await waitFor(() => raw.received.length === 41);
    const frames = raw.frames.slice(1);
    expect(frames.length).toBeGreaterThan(4);
    for (const frame of frames) {
      const decoded: unknown = JSON.parse(frame);
      if (Array.isArray(decoded))
        expect(frame.length).toBeLessThanOrEqual(DEFAULT_MAX_BATCH_SIZE + 2);
      else expect(frame.length).toBeGreaterThan(DEFAULT_MAX_BATCH_SIZE / 2);
    }
    expect(raw.received.slice(1).map((m) => m.id)).toEqual(calls(40).map((c) => c.id));
  });

  it('joins JSON frames into a JSON array without re-encoding them', () => {
    const join = jsonCodec.joinFrames;
    expect(join?.(['{"type":"ping"}'])).toBe('{"type":"ping"}');
    expect(join?.(['{"type":"ping"}', '{"type":"pong"}'])).toBe(
      '[{"type":"ping"},{"type":"pong"}]',
    );
  });
});
