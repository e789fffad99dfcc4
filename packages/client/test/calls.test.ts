import { createClient, ErrorCode, isRpcError, RpcError } from '@wirecall/client';
import { startServer, testContract, waitFor } from '@wirecall/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

const reported: unknown[] = [];
const rooms = new Set(['general']);

const handlers = {
  greet: ({ name }: { name: string }) => `Hello, ${name}!`,
  echo: (input: { n: number; s: string }) => input,
  ping: () => 'pong' as const,
  slow: ({ ms }: { ms: number }, ctx: { signal: AbortSignal }) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => resolve(ms), ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        slowAborted++;
        reject(ctx.signal.reason);
      });
    }),
  fail: ({ how }: { how: string }): undefined => {
    switch (how) {
      case 'crash':
        throw new Error('secret database password in message');
      case 'declared':
        throw new RpcError('ROOM_CLOSED', { room: 'x' });
      case 'unauthorized':
        throw new RpcError('UNAUTHORIZED');
      default:
        throw new RpcError('WHATEVER', { nope: true });
    }
  },
  chat: {
    send: ({ room, text }: { room: string; text: string }, ctx) => {
      if (!rooms.has(room)) throw ctx.error('ROOM_CLOSED', { room });
      return { id: `${room}:${text.length}` };
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
} satisfies Parameters<typeof startServer<typeof testContract>>[1]['handlers'];

let slowAborted = 0;

async function setup() {
  const started = await startServer(testContract, {
    handlers,
    onError: (error) => reported.push(error),
  });
  const client = createClient(testContract, { url: started.url });
  return {
    ...started,
    client,
    async [Symbol.asyncDispose]() {
      client.close();
      await started[Symbol.asyncDispose]();
    },
  };
}

afterEach(() => {
  reported.length = 0;
});

describe('calls', () => {
  it('resolves a query with its typed output', async () => {
    await using t = await setup();
    await expect(t.client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
    await expect(t.client.ping()).resolves.toBe('pong');
  });

  it('resolves 1,000 concurrent calls on one socket, each with its own result', async () => {
    await using t = await setup();
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, n) => t.client.echo({ n, s: `x${n}` })),
    );
    for (const [n, result] of results.entries()) expect(result).toEqual({ n, s: `x${n}` });
    expect(t.server.stats().connections).toBe(1);
  });

  it('rejects bad input with BAD_INPUT and issue paths', async () => {
    await using t = await setup();
    const error = await t.client.chat.send({ room: 'general', text: '' }).catch((e: unknown) => e);
    expect(isRpcError(error, 'BAD_INPUT')).toBe(true);
    if (!isRpcError(error, 'BAD_INPUT')) return;
    expect(error.data.issues[0]?.path).toEqual(['text']);
    expect(error.message).toMatch(/text/);
  });

  it('rejects a declared error with its typed data', async () => {
    await using t = await setup();
    const error = await t.client.chat.send({ room: 'closed', text: 'hi' }).catch((e: unknown) => e);
    expect(isRpcError(error, 'ROOM_CLOSED', t.client.chat.send)).toBe(true);
    if (isRpcError(error, 'ROOM_CLOSED', t.client.chat.send))
      expect(error.data.room).toBe('closed');
  });

  it('hides unexpected errors as INTERNAL and reports them server-side', async () => {
    await using t = await setup();
    const error = await t.client.fail({ how: 'crash' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(ErrorCode.INTERNAL);
    expect((error as RpcError).message).not.toMatch(/secret/);
    expect(reported).toHaveLength(1);
  });

  it('turns an undeclared code into INTERNAL, and passes built-in codes', async () => {
    await using t = await setup();
    await expect(t.client.fail({ how: 'undeclared' })).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(t.client.fail({ how: 'declared' })).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(t.client.fail({ how: 'unauthorized' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(reported).toHaveLength(2);
  });

  it('rejects with CANCELLED on abort and aborts the handler', async () => {
    await using t = await setup();
    slowAborted = 0;
    const controller = new AbortController();
    const call = t.client.slow({ ms: 5_000 }, { signal: controller.signal });
    await waitFor(() => t.server.stats().calls === 1);
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
    await waitFor(() => slowAborted === 1);
    expect(t.server.stats().calls).toBe(0);
  });

  it('rejects with TIMEOUT and tells the server', async () => {
    await using t = await setup();
    slowAborted = 0;
    await expect(t.client.slow({ ms: 5_000 }, { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    await waitFor(() => slowAborted === 1);
  });

  it('rejects an already-aborted signal without sending', async () => {
    await using t = await setup();
    await expect(t.client.slow({ ms: 1 }, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('rejects pending calls with CONNECTION_CLOSED on close, and later calls at once', async () => {
    await using t = await setup();
    await t.client.ping();
    const pending = t.client.slow({ ms: 5_000 });
    t.client.close();
    await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    await expect(t.client.ping()).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(t.client.state).toBe('closed');
  });
});
