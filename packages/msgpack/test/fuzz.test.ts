import type { IncomingMessage } from 'node:http';
import { decodeMulti } from '@msgpack/msgpack';
import { createClient } from '@wirecall/client';
import {
  CloseCode,
  type Frame,
  jsonCodec,
  type Message,
  ProtocolError,
  parseServerMessage,
} from '@wirecall/core';
import { msgpackCodec } from '@wirecall/msgpack';
import { memorySocket, startServer, testContract, waitFor } from '@wirecall/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * Property-based fuzzing of the msgpack codec and of a server speaking it: generated values must
 * travel as JSON would carry them, arbitrary bytes must be refused with a ProtocolError, and a
 * server fed generated binary frames (good, batched, truncated, flipped, random) must close with
 * documented codes only, while a real msgpack client keeps calling it.
 */

const RUNS = Number(process.env.WIRECALL_FUZZ_RUNS ?? 1_500);
const documentedCloseCodes = new Set<number>(Object.values(CloseCode));

const encode = (message: unknown) => msgpackCodec.encode(message as Message) as Uint8Array;

describe('fuzzing msgpackCodec', () => {
  it('carries any JSON value as JSON does (but a __proto__ key)', () => {
    // msgpackr renames a `__proto__` key to `__proto_` against prototype pollution; JSON.parse
    // keeps it as an own property. The codec's unit tests pin that difference down.
    const values = fc
      .jsonValue({ maxDepth: 4 })
      .filter((value) => !JSON.stringify(value).includes('"__proto__"'));
    fc.assert(
      fc.property(values, (value) => {
        const message = { type: 'result', id: 1, output: value } as Message;
        expect(msgpackCodec.decode(msgpackCodec.encode(message))).toStrictEqual(
          jsonCodec.decode(jsonCodec.encode(message)),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses arbitrary bytes with a ProtocolError or decodes them, never anything else', () => {
    const valid = fc.jsonValue({ maxDepth: 3 }).map((value) => encode({ type: 'x', value }));
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      // Valid frames cut short or with one byte changed: the likeliest corruptions.
      fc
        .tuple(valid, fc.nat())
        .map(([frame, cut]) => frame.slice(0, cut % Math.max(1, frame.length))),
      fc.tuple(valid, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([frame, at, byte]) => {
        const copy = frame.slice();
        copy[at % copy.length] = byte;
        return copy;
      }),
    );
    fc.assert(
      fc.property(bytes, (frame) => {
        try {
          msgpackCodec.decode(frame);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
      { numRuns: RUNS * 4 },
    );
  });
});

const id = fc.integer({ min: 1, max: 200 });
const message = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom('call', 'subscribe'),
      id,
      path: fc.constantFrom('greet', 'echo', 'ping', 'ticks', 'chat.send', 'nope'),
      input: fc.oneof(
        fc.record({ name: fc.string({ maxLength: 8 }) }),
        fc.record({ n: fc.integer(), s: fc.string({ maxLength: 8 }) }),
        fc.record({ count: fc.integer({ min: 0, max: 3 }) }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    },
    { requiredKeys: ['type', 'id', 'path'] },
  ),
  fc.record({ type: fc.constantFrom('cancel', 'unsubscribe'), id }),
  fc.record({ type: fc.constantFrom('ping', 'pong') }),
);
const goodFrame = fc.oneof(
  { weight: 3, arbitrary: message.map(encode) },
  {
    weight: 1,
    arbitrary: fc
      .array(message, { minLength: 1, maxLength: 4 })
      .map((messages) => msgpackCodec.joinFrames(messages.map(encode)) as Uint8Array),
  },
);
const poison: fc.Arbitrary<Frame> = fc.oneof(
  fc.uint8Array({ maxLength: 32 }),
  fc.tuple(goodFrame, fc.nat()).map(([frame, cut]) => frame.slice(0, cut % frame.length)),
  fc.tuple(goodFrame, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([frame, at, byte]) => {
    const copy = frame.slice();
    copy[at % copy.length] = byte;
    return copy;
  }),
  fc.constant('{"type":"ping"}'),
);

describe('fuzzing a msgpack server', () => {
  it(
    `survives ${RUNS} connections of generated binary frames`,
    async () => {
      await using started = await startServer(testContract, {
        codec: [msgpackCodec, jsonCodec],
        handlers: {
          greet: ({ name }) => name,
          echo: (input) => input,
          ping: () => 'pong',
          slow: ({ ms }) => ms,
          fail: () => {
            throw new Error('fail');
          },
          chat: {
            send: ({ room }) => ({ id: room }),
            async *messages() {},
          },
          async *ticks({ count }) {
            for (let i = 0; i < count; i++) yield i;
          },
          async *forever() {},
        },
        onError: () => {},
        handshakeTimeoutMs: 1_000,
      });
      const client = createClient(testContract, { url: started.url, codec: msgpackCodec });
      const request = { headers: {}, socket: { remoteAddress: '127.0.0.1' } } as IncomingMessage;
      const codes = new Map<number, number>();
      let calls = 0;
      let fuzzing = true;
      const steadyClient = (async () => {
        while (fuzzing) {
          await expect(client.echo({ n: calls, s: 'steady' })).resolves.toEqual({
            n: calls,
            s: 'steady',
          });
          calls++;
        }
      })();
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.boolean(),
            fc.array(goodFrame, { maxLength: 10 }),
            fc.option(poison, { nil: undefined }),
            async (takesBatches, good, bad) => {
              const peer = memorySocket('wirecall.v1.msgpack');
              started.server.accept(peer.socket, request);
              peer.receive(encode({ type: 'hello', batch: takesBatches }));
              await new Promise((resolve) => setImmediate(resolve));
              for (const frame of good) peer.receive(frame);
              if (bad !== undefined) peer.receive(bad);
              await new Promise((resolve) => setImmediate(resolve));
              // Whatever the server sent is binary, plain MessagePack, and valid messages.
              for (const sent of peer.sent) {
                expect(sent).toBeInstanceOf(Uint8Array);
                const messages = [...decodeMulti(sent as Uint8Array)];
                if (!takesBatches) expect(messages).toHaveLength(1);
                for (const each of messages) expect(() => parseServerMessage(each)).not.toThrow();
              }
              const code = peer.state.closedWith;
              if (code !== undefined) {
                codes.set(code, (codes.get(code) ?? 0) + 1);
                expect(documentedCloseCodes.has(code)).toBe(true);
              }
              peer.drop();
            },
          ),
          { numRuns: RUNS },
        );
        fuzzing = false;
        await steadyClient;
        await waitFor(() => started.server.stats().connections === 1, { timeoutMs: 10_000 });
        await waitFor(() => started.server.stats().subscriptions === 0, { timeoutMs: 10_000 });
      } finally {
        fuzzing = false;
        client.close();
      }
      expect(codes.get(CloseCode.PROTOCOL_ERROR)).toBeGreaterThan(RUNS / 10);
      expect(calls).toBeGreaterThan(10);
    },
    60_000 + RUNS * 10,
  );
});
