import { createClient } from '@wirecall/client';
import { defineContract, mutation, presence, query, subscription } from '@wirecall/core';
import { isRpcError, RpcError } from '@wirecall/server';
import { startServer, waitFor } from '@wirecall/test-utils';
import { type } from 'arktype';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

// The same contract three times: in zod, in valibot and in ArkType.
const zodApi = defineContract({
  greet: query({
    input: z.object({ name: z.string().min(1), times: z.number().int().default(1) }),
    output: z.string(),
  }),
  send: mutation({
    input: z.object({ room: z.string(), text: z.string().min(1).max(20) }),
    output: z.object({ id: z.string() }),
    errors: { ROOM_CLOSED: z.object({ room: z.string() }) },
  }),
  count: subscription({ input: z.object({ to: z.number().int().max(5) }), event: z.number() }),
  online: presence({
    input: z.object({ room: z.string() }),
    state: z.object({ name: z.string() }),
  }),
});

const valibotApi = defineContract({
  greet: query({
    input: v.object({
      name: v.pipe(v.string(), v.minLength(1)),
      times: v.optional(v.pipe(v.number(), v.integer()), 1),
    }),
    output: v.string(),
  }),
  send: mutation({
    input: v.object({
      room: v.string(),
      text: v.pipe(v.string(), v.minLength(1), v.maxLength(20)),
    }),
    output: v.object({ id: v.string() }),
    errors: { ROOM_CLOSED: v.object({ room: v.string() }) },
  }),
  count: subscription({
    input: v.object({ to: v.pipe(v.number(), v.integer(), v.maxValue(5)) }),
    event: v.number(),
  }),
  online: presence({
    input: v.object({ room: v.string() }),
    state: v.object({ name: v.string() }),
  }),
});

const arktypeApi = defineContract({
  greet: query({
    input: type({ name: 'string > 0', 'times?': 'number.integer' }).pipe((input) => ({
      name: input.name,
      times: input.times ?? 1,
    })),
    output: type('string'),
  }),
  send: mutation({
    input: type({ room: 'string', text: '0 < string <= 20' }),
    output: type({ id: 'string' }),
    errors: { ROOM_CLOSED: type({ room: 'string' }) },
  }),
  count: subscription({ input: type({ to: 'number.integer <= 5' }), event: type('number') }),
  online: presence({ input: type({ room: 'string' }), state: type({ name: 'string' }) }),
});

type AnyApi = typeof zodApi;

const clients: Array<{ close(): void }> = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

// The handlers are the same for every validator: they only see parsed values.
async function start(api: AnyApi) {
  return startServer(api, {
    handlers: {
      greet: ({ name, times }) => `hello ${name} x${times}`,
      send: ({ room, text }, ctx) => {
        if (room === 'closed') throw ctx.error('ROOM_CLOSED', { room });
        // A wrong output shape is the server's bug: INTERNAL, never sent as is.
        if (text === 'bad output') return { id: 42 } as unknown as { id: string };
        // Error data that breaks its schema is the server's bug too.
        if (text === 'bad error') throw new RpcError('ROOM_CLOSED', { room: 7 });
        return { id: `${room}:${text}` };
      },
      async *count({ to }) {
        for (let i = 1; i <= to; i++) yield i;
        if (to === 0) yield 'not a number' as unknown as number;
      },
    },
    onError: () => {},
  });
}

const flavours = [
  ['zod', zodApi],
  ['valibot', valibotApi as unknown as AnyApi],
  ['ArkType', arktypeApi as unknown as AnyApi],
] as const;

describe.each(flavours)('a contract in %s over a real socket', (_name, api) => {
  it('validates input (defaults applied), output, events, presence state and error data alike', async () => {
    await using started = await start(api);
    const client = createClient(api, { url: started.url });
    clients.push(client);

    expect(await client.greet({ name: 'ada' })).toBe('hello ada x1');
    expect(await client.greet({ name: 'ada', times: 2 })).toBe('hello ada x2');
    expect(await client.send({ room: 'a', text: 'hi' })).toEqual({ id: 'a:hi' });

    const badInput = await client
      .send({ room: 'a', text: 'x'.repeat(21) })
      .catch((error: unknown) => error);
    expect(isRpcError(badInput, 'BAD_INPUT')).toBe(true);
    const issues = (badInput as RpcError<'BAD_INPUT', { issues: { path: unknown[] }[] }>).data
      .issues;
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.path).toEqual(['text']);

    const wrongType = await client
      .greet({ name: 5 } as unknown as { name: string })
      .catch((error: unknown) => error);
    expect(isRpcError(wrongType, 'BAD_INPUT')).toBe(true);

    const closed = await client.send({ room: 'closed', text: 'hi' }).catch((e: unknown) => e);
    expect(isRpcError(closed, 'ROOM_CLOSED', client.send) && closed.data.room).toBe('closed');

    const badOutput = await client.send({ room: 'a', text: 'bad output' }).catch((e: unknown) => e);
    expect(isRpcError(badOutput, 'INTERNAL')).toBe(true);
    const badError = await client.send({ room: 'a', text: 'bad error' }).catch((e: unknown) => e);
    expect(isRpcError(badError, 'INTERNAL')).toBe(true);

    const events: number[] = [];
    for await (const event of client.count.subscribe({ to: 3 })) events.push(event);
    expect(events).toEqual([1, 2, 3]);
    const tooMany = await (async () => {
      for await (const _ of client.count.subscribe({ to: 6 })) {
      }
    })().catch((e: unknown) => e);
    expect(isRpcError(tooMany, 'BAD_INPUT')).toBe(true);
    const badEvent = await (async () => {
      for await (const _ of client.count.subscribe({ to: 0 })) {
      }
    })().catch((e: unknown) => e);
    expect(isRpcError(badEvent, 'INTERNAL')).toBe(true);

    const member = client.online.join({ room: 'r' }, { name: 'ada' });
    await waitFor(() => member.status === 'joined');
    const badState = client.online.join({ room: 'r' }, { name: 1 } as unknown as { name: string });
    await waitFor(() => badState.status === 'error');
    expect(badState.error?.code).toBe('BAD_INPUT');
    member.leave();
    badState.leave();
  });
});

describe('defineContract', () => {
  it('refuses what is no schema at all, with the place named', () => {
    expect(() => query({ input: { parse: () => 1 } as never })).toThrow(
      /input must be a zod schema or another Standard Schema v1 validator/,
    );
  });
});
