import { createClient, ErrorCode, isRpcError } from '@wirecall/client';
import type { Handlers } from '@wirecall/server';
import { circularValue, deepValue, startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

function handlers() {
  const ran: number[] = [];
  const subscribed: string[] = [];
  const value: Handlers<typeof testContract, object> = {
    greet: ({ name }) => `Hello, ${name}!`,
    echo: (input) => {
      ran.push(input.n);
      return { n: input.n, s: 'ok' };
    },
    ping: () => 'pong',
    slow: ({ ms }) => ms,
    fail: () => undefined,
    chat: {
      send: ({ room }) => ({ id: room }),
      async *messages({ room }) {
        subscribed.push(room);
        yield { id: '1', text: room };
      },
    },
    async *ticks() {},
    async *forever() {},
  };
  return { handlers: value, ran, subscribed };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Settles `promise` if it settles before the next turn: proof that it did not wait for I/O. */
async function atOnce(promise: Promise<unknown>): Promise<unknown> {
  return Promise.race([
    promise.then(
      () => 'resolved',
      (error: unknown) => error,
    ),
    turn().then(() => 'still pending'),
  ]);
}

// Inputs the schema would refuse, sent with client-side validation off (the default): what a
// procedure whose schema lets them through (`z.any()`, `z.unknown()`) would carry too.
const bad: Array<[string, () => unknown, RegExp]> = [
  ['a circular input', circularValue, /refers to itself/],
  ['a BigInt', () => ({ n: 1, s: 10n }), /BigInt/],
  ['20,000 levels of nesting', () => ({ n: 1, s: deepValue() }), /nests too deeply/],
];

describe('values the codec cannot encode', () => {
  it.each(bad)(
    'rejects the call carrying %s at once with BAD_INPUT naming it; the calls beside it go through',
    async (_name, value, problem) => {
      const fixture = handlers();
      await using t = await startServer(testContract, { handlers: fixture.handlers });
      const client = createClient(testContract, { url: t.url });
      try {
        await client.ping();
        const before = client.echo({ n: 1, s: 'before' });
        const error = await atOnce(client.echo(value() as never));
        const after = client.echo({ n: 2, s: 'after' });
        expect(isRpcError(error, ErrorCode.BAD_INPUT)).toBe(true);
        if (isRpcError(error, ErrorCode.BAD_INPUT)) {
          expect(error.message).toMatch(/The input of "echo" cannot be sent/);
          expect(error.message).toMatch(problem);
          expect(error.data.issues[0]?.code).toBe('unencodable');
        }
        await expect(Promise.all([before, after])).resolves.toHaveLength(2);
        expect(fixture.ran).toEqual([1, 2]);
        expect(client.state).toBe('open');
      } finally {
        client.close();
      }
    },
  );

  it('rejects at once while still connecting, too', async () => {
    const fixture = handlers();
    await using t = await startServer(testContract, { handlers: fixture.handlers });
    const client = createClient(testContract, { url: t.url });
    try {
      const error = await atOnce(client.echo(circularValue() as never));
      expect(isRpcError(error, ErrorCode.BAD_INPUT)).toBe(true);
      await expect(client.echo({ n: 3, s: 'x' })).resolves.toEqual({ n: 3, s: 'ok' });
    } finally {
      client.close();
    }
  });

  it('fails a subscription whose input cannot be encoded at once; the others start', async () => {
    const fixture = handlers();
    await using t = await startServer(testContract, { handlers: fixture.handlers });
    const client = createClient(testContract, { url: t.url });
    try {
      const errors: unknown[] = [];
      const broken = client.chat.messages.subscribe(circularValue() as never, {
        onError: (error) => errors.push(error),
      });
      const events: unknown[] = [];
      client.chat.messages.subscribe({ room: 'fine' }, { onData: (event) => events.push(event) });
      expect(broken.status).toBe('error');
      expect(isRpcError(broken.error, ErrorCode.BAD_INPUT)).toBe(true);
      expect(errors).toEqual([broken.error]);
      await waitFor(() => events.length === 1);
      expect(fixture.subscribed).toEqual(['fine']);
    } finally {
      client.close();
    }
  });

  it('reports connection params the codec cannot encode as an error event, without crashing', async () => {
    const fixture = handlers();
    await using t = await startServer(testContract, { handlers: fixture.handlers });
    const client = createClient(testContract, { url: t.url, params: { token: 1n } });
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    try {
      const error = await client.ping().catch((e: unknown) => e);
      expect(isRpcError(error, ErrorCode.CONNECTION_CLOSED)).toBe(true);
      expect(errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/Connection params cannot be sent: their value holds a BigInt/),
      ]);
      // The same params would fail again: the client goes idle rather than retry.
      expect(client.state).toBe('idle');
    } finally {
      client.close();
    }
  });
});
