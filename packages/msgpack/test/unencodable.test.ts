import { createClient, ErrorCode, isRpcError } from '@wirecall/client';
import { encodeMessage } from '@wirecall/core/internal';
import { msgpackCodec } from '@wirecall/msgpack';
import { circularValue, deepValue, startServer, testContract } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

const handlers = {
  greet: ({ name }: { name: string }) => `Hello, ${name}!`,
  echo: ({ n }: { n: number; s: string }) => ({ n, s: 'ok' }),
  ping: () => 'pong' as const,
  slow: ({ ms }: { ms: number }) => ms,
  fail: () => undefined,
  chat: { send: ({ room }: { room: string }) => ({ id: room }), async *messages() {} },
  async *ticks() {},
  async *forever() {},
};

const bad: Array<[string, () => unknown, RegExp]> = [
  ['a circular input', circularValue, /nests too deeply, or refers to itself/],
  ['a BigInt beyond 64 bits', () => ({ n: 1, s: 2n ** 70n }), /BigInt/],
  ['20,000 levels of nesting', () => ({ n: 1, s: deepValue() }), /nests too deeply/],
];

describe('values MessagePack cannot encode', () => {
  it.each(bad)(
    'reports %s as a problem, and encodes the next message intact',
    (_name, value, problem) => {
      const result = encodeMessage(msgpackCodec, {
        type: 'call',
        id: 1,
        path: 'echo',
        input: value(),
      });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).toMatch(problem);
      // msgpackr keeps one buffer for every message: a failed one must not spoil the next.
      const next = encodeMessage(msgpackCodec, {
        type: 'call',
        id: 2,
        path: 'echo',
        input: { n: 2 },
      });
      expect(next.ok).toBe(true);
      if (next.ok)
        expect(msgpackCodec.decode(next.frame)).toEqual({
          type: 'call',
          id: 2,
          path: 'echo',
          input: { n: 2 },
        });
    },
  );

  it.each(bad)(
    'rejects the call carrying %s at once with BAD_INPUT; the calls beside it go through',
    async (_name, value, problem) => {
      await using t = await startServer(testContract, { handlers, codec: msgpackCodec });
      const client = createClient(testContract, { url: t.url, codec: msgpackCodec });
      try {
        await client.ping();
        const before = client.echo({ n: 1, s: 'before' });
        const error = await client.echo(value() as never).catch((e: unknown) => e);
        const after = client.echo({ n: 2, s: 'after' });
        expect(isRpcError(error, ErrorCode.BAD_INPUT)).toBe(true);
        expect((error as Error).message).toMatch(problem);
        await expect(Promise.all([before, after])).resolves.toEqual([
          { n: 1, s: 'ok' },
          { n: 2, s: 'ok' },
        ]);
      } finally {
        client.close();
      }
    },
  );
});
