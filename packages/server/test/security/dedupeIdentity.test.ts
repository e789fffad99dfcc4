import { CloseCode, defineContract, mutation } from '@wirecall/core';
import { RpcError } from '@wirecall/server';
import { openRawClient, startServer } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  account: {
    statement: mutation({ output: z.object({ owner: z.string(), balance: z.number() }) }),
  },
});

const users: Record<string, { id: string; balance: number }> = {
  't-ada': { id: 'ada', balance: 1_000_000 },
  't-eve': { id: 'eve', balance: 3 },
};

/** What the server's context keeps of each connection. */
interface Ctx {
  readonly user: { readonly id: string; readonly balance: number } | undefined;
}

/** A server that authenticates `params.token` and scopes idempotency records by the user. */
async function setup(identity: (ctx: Ctx) => unknown = (ctx) => ctx.user?.id) {
  const runs: string[] = [];
  const started = await startServer<typeof api, Ctx>(api, {
    context: ({ params }) => {
      const token = (params as { token?: string } | undefined)?.token;
      const user = token === undefined ? undefined : users[token];
      if (token !== undefined && !user) throw new RpcError('UNAUTHORIZED');
      return { user };
    },
    // The cast lets a test hand the server a wrong identity function, as plain JavaScript could.
    identity: identity as (ctx: Ctx) => string | undefined,
    onError: () => {},
    handlers: {
      account: {
        statement: (_input, ctx) => {
          runs.push(ctx.user?.id ?? 'anonymous');
          return { owner: ctx.user?.id ?? 'anonymous', balance: ctx.user?.balance ?? 0 };
        },
      },
    },
  });
  return { ...started, runs };
}

/** Connects as the holder of `token` with the given session id and sends one keyed mutation. */
async function statement(url: string, session: string, token: string | undefined) {
  await using raw = await openRawClient(url, {
    hello: token === undefined ? { session } : { session, params: { token } },
  });
  raw.send({ type: 'call', id: 1, path: 'account.statement', key: 'k-1' });
  return await raw.next((m) => m.id === 1);
}

describe('idempotency records scoped by the server-derived identity', () => {
  it("never answers another user's replay of a session id and key with this user's outcome", async () => {
    await using t = await setup();
    const first = await statement(t.url, 'session-of-ada', 't-ada');
    expect(first).toMatchObject({ output: { owner: 'ada', balance: 1_000_000 } });
    // Eve learnt Ada's session id and key: she gets a run of her own, not Ada's answer.
    const replay = await statement(t.url, 'session-of-ada', 't-eve');
    expect(replay).toMatchObject({ output: { owner: 'eve', balance: 3 } });
    // An anonymous connection cannot reach either.
    const anonymous = await statement(t.url, 'session-of-ada', undefined);
    expect(anonymous).toMatchObject({ output: { owner: 'anonymous' } });
    expect(t.runs).toEqual(['ada', 'eve', 'anonymous']);
  });

  it("still answers the same user's retry from the record, on a new connection", async () => {
    await using t = await setup();
    const first = await statement(t.url, 's-1', 't-ada');
    const retry = await statement(t.url, 's-1', 't-ada');
    expect(retry).toEqual(first);
    expect(t.runs).toEqual(['ada']);
  });

  it('refuses the connection (4500) when the identity option returns something not a string', async () => {
    await using t = await setup(() => 42);
    await using raw = await openRawClient(t.url, { hello: false });
    raw.send({ type: 'hello', session: 's', params: { token: 't-ada' } });
    expect((await raw.closed).code).toBe(CloseCode.INTERNAL_ERROR);
  });
});
