import { createClient } from '@wirecall/client';
import { parseClientMessage } from '@wirecall/core';
import { messagesOfFrame } from '@wirecall/core/internal';
import { memoryWebSocket, testContract } from '@wirecall/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * Property-based fuzzing of the client's decoder and operations: a client with calls and
 * subscriptions running is fed generated server frames, valid, hostile and junk, over an
 * in-memory socket; then the server hangs up. Nothing may throw out of the client, and once the
 * connection is gone every call has settled and every subscription has ended.
 */

const RUNS = Number(process.env.WIRECALL_FUZZ_RUNS ?? 1_500);
const FRAMES_PER_RUN = 20;

/** The ids the client gives its operations in a run: 1 to 6, plus strangers. */
const id = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: 7, max: 100 }) },
);
const junk = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 6 }),
  fc.constantFrom(null, true, -1, 0, 2 ** 53, Number.MAX_VALUE),
  fc.jsonValue({ maxDepth: 2 }),
);
const cursor = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.constantFrom('', 'c'.repeat(256), 'c'.repeat(257), 'c'.repeat(10_000)),
  junk,
);
const limits = fc.oneof(
  fc.record(
    {
      maxCallsInFlight: fc.oneof(fc.integer({ min: 1, max: 4 }), junk),
      maxSubscriptions: fc.oneof(fc.integer({ min: 1, max: 4 }), junk),
      maxMessageBytes: fc.oneof(fc.integer({ min: 1, max: 2_000 }), junk),
    },
    { requiredKeys: [] },
  ),
  junk,
);
const validLimits = fc.record(
  {
    maxCallsInFlight: fc.integer({ min: 1, max: 4 }),
    maxSubscriptions: fc.integer({ min: 1, max: 4 }),
    maxMessageBytes: fc.integer({ min: 1, max: 2_000 }),
  },
  { requiredKeys: [] },
);
const serializedError = fc.oneof(
  fc.record(
    {
      code: fc.constantFrom('INTERNAL', 'BAD_INPUT', 'ROOM_CLOSED', 'RESUME_GAP', 'NOT_FOUND'),
      message: fc.string({ maxLength: 8 }),
      data: junk,
    },
    { requiredKeys: ['code', 'message'] },
  ),
  junk,
);
/** Messages a server may really send, to operations the client has or not. */
const wellFormed = fc.oneof(
  fc.record({ type: fc.constant('result'), id, output: junk }, { requiredKeys: ['type', 'id'] }),
  fc.record({
    type: fc.constant('error'),
    id,
    error: fc.record(
      {
        code: fc.constantFrom('INTERNAL', 'BAD_INPUT', 'ROOM_CLOSED', 'RESUME_GAP', 'NOT_FOUND'),
        message: fc.string({ maxLength: 8 }),
        data: junk,
      },
      { requiredKeys: ['code', 'message'] },
    ),
  }),
  fc.record({ type: fc.constantFrom('subscribed', 'complete'), id }),
  fc.record(
    {
      type: fc.constant('event'),
      id,
      data: junk,
      eventId: fc.string({ minLength: 1, maxLength: 8 }),
      dropped: fc.integer({ min: 1, max: 5 }),
    },
    { requiredKeys: ['type', 'id', 'data'] },
  ),
  fc.record({
    type: fc.constant('cursor'),
    id,
    lastEventId: fc.string({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ type: fc.constantFrom('ping', 'pong') }),
  fc.record(
    { type: fc.constant('welcome'), limits, batch: fc.boolean() },
    { requiredKeys: ['type'] },
  ),
);
/** Messages with the right keys and wrong values, or the wrong keys. */
const misshapen = fc.oneof(
  fc.record({ type: fc.constant('welcome'), batch: junk, limits }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('error'), id, error: serializedError, dropped: junk }),
  fc.record(
    { type: fc.constant('event'), id: junk, data: junk, eventId: cursor, dropped: junk },
    { requiredKeys: ['type', 'data'] },
  ),
  fc.record(
    { type: fc.constant('cursor'), id, lastEventId: cursor },
    { requiredKeys: ['type', 'id'] },
  ),
  fc.record({ type: fc.oneof(fc.string({ maxLength: 8 }), junk), id: junk }),
);
/** Frames no valid server sends: each ends the connection, with every operation settled. */
const poison: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  misshapen.map((message) => JSON.stringify(message)),
  fc
    .tuple(fc.array(wellFormed, { maxLength: 3 }), misshapen)
    .map(([good, bad]) => JSON.stringify([...good, bad])),
  fc.constant('[]'),
  fc.string({ maxLength: 20 }),
  junk.map((value) => JSON.stringify(value) ?? 'undefined'),
  fc.uint8Array({ maxLength: 16 }),
);
const goodFrame = fc.oneof(
  { weight: 3, arbitrary: wellFormed.map((message) => JSON.stringify(message)) },
  {
    weight: 1,
    arbitrary: fc
      .array(wellFormed, { minLength: 1, maxLength: 4 })
      .map((messages) => JSON.stringify(messages)),
  },
);
/**
 * A run: usually a welcome first, then well-formed frames, then half the time one poisoned
 * frame, then the server hangs up (or keeps the connection, and the client closes).
 */
const run = fc.record({
  welcome: fc.option(
    fc.record({
      batch: fc.boolean(),
      limits: fc.oneof(
        { weight: 9, arbitrary: fc.option(validLimits, { nil: undefined }) },
        { weight: 1, arbitrary: limits },
      ),
    }),
    { nil: undefined, freq: 5 },
  ),
  frames: fc
    .tuple(
      fc.array(goodFrame, { maxLength: FRAMES_PER_RUN }),
      fc.option(poison, { nil: undefined }),
    )
    .map(([good, bad]) => (bad === undefined ? good : [...good, bad])),
  closeCode: fc.option(fc.constantFrom(1000, 1001, 1006, 1011, 4001, 4400, 4401, 4429, 4999), {
    nil: undefined,
  }),
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('fuzzing the client with server frames', () => {
  it(`survives ${RUNS} connections of generated frames: no throw, nothing left unsettled`, async () => {
    let delivered = 0;
    let settledByServer = 0;
    await fc.assert(
      fc.asyncProperty(run, async ({ welcome, frames, closeCode }) => {
        const sockets = memoryWebSocket();
        const client = createClient(testContract, {
          url: 'ws://fuzz.invalid',
          WebSocket: sockets.WebSocket,
          retry: false,
          heartbeat: false,
          lifecycle: false,
        });
        const errors: Error[] = [];
        client.on('error', (error) => errors.push(error));
        const settled: boolean[] = [];
        const track = (promise: Promise<unknown>) => {
          const index = settled.push(false) - 1;
          void promise.then(
            () => {
              settled[index] = true;
            },
            () => {
              settled[index] = true;
            },
          );
        };
        track(client.greet({ name: 'Ada' }));
        track(client.chat.send({ room: 'a', text: 'hi' }));
        track(client.ping());
        const ticks = client.ticks.subscribe({ count: 3, intervalMs: 0 });
        const subscriptions: Array<{ readonly closed: boolean }> = [
          client.chat.messages.subscribe({ room: 'a' }, { onData: () => {} }),
          ticks,
          client.forever.subscribe(undefined, { onData: () => Promise.resolve() }),
        ];
        const iterated = (async () => {
          try {
            for await (const _ of ticks) {
              // Taking events grants credit: exercises the credit path too.
            }
          } catch {
            // Ending with an error is fine; hanging or throwing out of the client is not.
          }
        })();
        await turn();
        const server = sockets.sockets[0];
        if (!server) throw new Error('The client opened no socket');
        if (welcome) server.send(JSON.stringify({ type: 'welcome', ...welcome }));
        for (const [index, data] of frames.entries()) {
          if (!server.open) break;
          delivered++;
          server.send(data);
          if (index % 4 === 0) await Promise.resolve();
        }
        await turn();
        if (closeCode !== undefined) server.close(closeCode, 'fuzz');
        await turn();
        if (server.open) {
          // The server keeps the connection: operations may still run, but close() ends them.
          client.close();
        } else {
          settledByServer++;
        }
        await turn();
        await iterated;
        expect(settled.every(Boolean)).toBe(true);
        expect(subscriptions.every((subscription) => subscription.closed)).toBe(true);
        expect(client.stats()).toMatchObject({ calls: 0, subscriptions: 0, waiting: 0 });
        // What went wrong was told as a typed protocol error, naming the problem.
        for (const error of errors) expect(error.name).toBe('ProtocolError');
        // The client only ever sent valid frames of the protocol.
        for (const sent of server.received) {
          expect(typeof sent).toBe('string');
          for (const message of messagesOfFrame(JSON.parse(sent as string)))
            expect(() => parseClientMessage(message)).not.toThrow();
        }
        client.close();
      }),
      { numRuns: RUNS },
    );
    // About three frames per run arrive on average (4,400-4,800 over 1,500 runs): a floor at two
    // proves the runs exercised the client without failing on an unlucky draw.
    expect(delivered).toBeGreaterThan(RUNS * 2);
    expect(settledByServer).toBeGreaterThan(RUNS / 10);
  });
});
