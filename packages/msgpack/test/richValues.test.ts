import { createClient, isRpcError } from '@wirecall/client';
import {
  type Codec,
  defineContract,
  jsonCodec,
  MAX_BIGINT_DIGITS,
  mutation,
  presence,
  query,
  richCodec,
  subscription,
} from '@wirecall/core';
import { msgpackCodec } from '@wirecall/msgpack';
import { openRawClient, startServer, waitFor } from '@wirecall/test-utils';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openRawMsgpackClient } from './rawMsgpackClient.js';

const Rich = z.object({
  at: z.date(),
  n: z.bigint(),
  tags: z.set(z.string()),
  scores: z.map(z.string(), z.number()),
  bytes: z.instanceof(Uint8Array),
  note: z.string().optional(),
});

const api = defineContract({
  echo: mutation({ input: Rich, output: Rich }),
  later: query({ input: z.object({ at: z.date() }), output: z.date() }),
  ticks: subscription({
    input: z.object({ from: z.date() }),
    event: z.object({ at: z.date(), n: z.bigint() }),
  }),
  late: mutation({ errors: { TOO_LATE: z.object({ deadline: z.date() }) } }),
  // valibot's date and bigint schemas take rich values the same way.
  valibot: query({ input: v.object({ at: v.date(), n: v.bigint() }), output: v.bigint() }),
  cursors: presence({
    input: z.object({ room: z.string() }),
    state: z.object({ since: z.date() }),
  }),
});

const sample = () => ({
  at: new Date('2026-12-03T13:17:00.123Z'),
  n: 2n ** 70n + 1n,
  tags: new Set(['a', 'b']),
  scores: new Map([
    ['ada', 1],
    ['bob', 2.5],
  ]),
  bytes: new Uint8Array([0, 1, 254, 255]),
});

const seen: unknown[] = [];

async function start() {
  return startServer(api, {
    codec: [richCodec(msgpackCodec), richCodec(jsonCodec), jsonCodec, msgpackCodec],
    handlers: {
      echo: (input) => {
        seen.push(input);
        return input;
      },
      later: ({ at }) => new Date(at.getTime() + 1000),
      async *ticks({ from }) {
        for (let i = 1n; i <= 3n; i++) yield { at: new Date(from.getTime() + Number(i)), n: i };
      },
      late: (_input, ctx) => {
        throw ctx.error('TOO_LATE', { deadline: new Date(0) });
      },
      valibot: ({ at, n }) => BigInt(at.getTime()) + n,
    },
    onError: () => {},
  });
}

const clients: Array<{ close(): void }> = [];
afterEach(() => {
  seen.length = 0;
  for (const client of clients.splice(0)) client.close();
});

const codecs: Array<[string, Codec]> = [
  ['JSON', richCodec(jsonCodec)],
  ['MessagePack', richCodec(msgpackCodec)],
];

describe.each(codecs)('richCodec over %s on a real socket', (_name, codec) => {
  it('carries Date, BigInt, Set, Map and Uint8Array both ways, as the contract types them', async () => {
    await using started = await start();
    const client = createClient(api, { url: started.url, codec });
    clients.push(client);

    const result = await client.echo(sample());
    // What the handler saw: the rich values themselves, validated by z.date(), z.bigint()…
    const input = seen[0] as ReturnType<typeof sample>;
    expect(input.at).toBeInstanceOf(Date);
    expect(input.n).toBe(2n ** 70n + 1n);
    expect(input.tags).toEqual(new Set(['a', 'b']));
    expect(input.scores.get('bob')).toBe(2.5);
    expect(input.bytes).toBeInstanceOf(Uint8Array);
    // What the client got back.
    expect(result).toEqual(sample());
    expect(result.at.toISOString()).toBe('2026-12-03T13:17:00.123Z');
    expect([...result.bytes]).toEqual([0, 1, 254, 255]);

    expect((await client.later({ at: new Date(0) })).getTime()).toBe(1000);
    expect(await client.valibot({ at: new Date(5), n: 10n })).toBe(15n);

    const ticks: Array<{ at: Date; n: bigint }> = [];
    for await (const tick of client.ticks.subscribe({ from: new Date(100) })) ticks.push(tick);
    expect(ticks.map((tick) => [tick.at.getTime(), tick.n])).toEqual([
      [101, 1n],
      [102, 2n],
      [103, 3n],
    ]);

    const late = await client.late().catch((error: unknown) => error);
    expect(isRpcError(late, 'TOO_LATE', client.late) && late.data.deadline).toEqual(new Date(0));

    const room = client.cursors.join({ room: 'r' }, { since: new Date(7) });
    await waitFor(() => room.members().length === 1);
    expect(room.members()[0]?.state.since).toEqual(new Date(7));
    room.leave();
  });

  it('refuses an invalid Date with BAD_INPUT, not a crash', async () => {
    await using started = await start();
    const client = createClient(api, { url: started.url, codec });
    clients.push(client);
    const error = await client.later({ at: new Date('not a date') }).catch((e: unknown) => e);
    expect(isRpcError(error, 'BAD_INPUT')).toBe(true);
    expect(await client.later({ at: new Date(1) })).toEqual(new Date(1001));
  });
});

describe('richCodec with hand-made frames', () => {
  /** A `call` of `later` whose `at` is annotated as `annotation` and holds `value`. */
  const call = (id: number, value: unknown, annotation: unknown) => ({
    type: 'call',
    id,
    path: 'later',
    input: { at: value },
    $rich: { values: { 'input.at': annotation }, v: 1 },
  });
  const echo = (id: number, n: unknown, annotation: unknown) => ({
    type: 'call',
    id,
    path: 'echo',
    input: { ...sample(), at: '2026-01-01T00:00:00.000Z', n, tags: [], scores: [], bytes: 'AAE=' },
    $rich: {
      values: {
        'input.at': ['Date'],
        'input.n': annotation,
        'input.tags': ['set'],
        'input.scores': ['map'],
        'input.bytes': [['custom', 'bytes']],
      },
      v: 1,
    },
  });

  const badFrames: Array<[string, object | string]> = [
    ['an invalid date string', call(1, 'yesterday', ['Date'])],
    ['a date that is an object', call(1, { year: 2026 }, ['Date'])],
    ['a plain string where a date is due', call(1, '2026-01-01T00:00:00.000Z', undefined)],
    [
      'a BigInt string too long to convert',
      echo(1, '9'.repeat(MAX_BIGINT_DIGITS + 10), [['custom', 'bigint']]),
    ],
    ['a BigInt string that is no number', echo(1, '12abc', [['custom', 'bigint']])],
    ["superjson's own unbounded bigint", echo(1, '9'.repeat(200_000), ['bigint'])],
    ['a typed array of a billion bytes', call(1, 1e9, [['typed-array', 'Uint8Array']])],
    ['an unknown class', call(1, {}, [['class', 'Evil']])],
    ['an unknown custom type', call(1, 'x', [['custom', 'evil']])],
    ['a Map of a string', call(1, 'abc', ['map'])],
    ['annotations that are no object', { ...call(1, 'x', ['Date']), $rich: 'Date' }],
    [
      'a prototype path',
      '{"type":"call","id":1,"path":"later","input":{"at":"x"},"$rich":{"values":{"__proto__":["Date"],"input.__proto__.at":["Date"]},"v":1}}',
    ],
  ];

  it.each(badFrames)('answers %s with BAD_INPUT and keeps serving', async (_name, frame) => {
    await using started = await start();
    await using raw = await openRawClient(started.url, { protocols: ['wirecall.v1.rich'] });
    const started0 = performance.now();
    raw.send(frame);
    const answer = await raw.next((message) => message.id === 1);
    expect(performance.now() - started0).toBeLessThan(2_000);
    expect(answer).toMatchObject({ type: 'error', error: { code: 'BAD_INPUT' } });
    raw.send(call(2, new Date(5).toISOString(), ['Date']));
    const next = await raw.next((message) => message.id === 2);
    expect(next).toMatchObject({
      type: 'result',
      output: new Date(1005).toISOString(),
      $rich: { values: { output: ['Date'] } },
    });
  });

  it('speaks plain MessagePack with annotations any MessagePack library can write', async () => {
    await using started = await start();
    await using raw = await openRawMsgpackClient(started.url, {
      protocols: ['wirecall.v1.msgpack.rich'],
    });
    raw.send(call(1, '1970-01-01T00:00:00.002Z', ['Date']));
    expect(await raw.next((message) => message.id === 1)).toMatchObject({
      type: 'result',
      output: '1970-01-01T00:00:01.002Z',
      $rich: { values: { output: ['Date'] } },
    });
    raw.send(call(2, 'soon', ['Date']));
    expect(await raw.next((message) => message.id === 2)).toMatchObject({
      error: { code: 'BAD_INPUT' },
    });
  });

  it('is refused by the HTTP transport, which speaks plain JSON only', async () => {
    await using started = await start();
    const client = createClient(api, {
      url: started.url,
      transport: 'http',
      codec: richCodec(jsonCodec),
    });
    clients.push(client);
    const error = await client.later({ at: new Date(0) }).catch((e: unknown) => e);
    expect(isRpcError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/wirecall\.v1\.rich/);
  });

  it('leaves plain codecs as they were: a Date still arrives as its ISO string', async () => {
    await using started = await start();
    const client = createClient(api, { url: started.url });
    clients.push(client);
    const error = await client.later({ at: new Date(0) }).catch((e: unknown) => e);
    expect(isRpcError(error, 'BAD_INPUT')).toBe(true);
  });
});
