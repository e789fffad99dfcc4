import { createClient } from '@wirecall/client';
import {
  type Codec,
  defineContract,
  type EventOf,
  jsonCodec,
  mutation,
  richCodec,
  subscription,
} from '@wirecall/core';
import { msgpackCodec } from '@wirecall/msgpack';
import { createServer } from '@wirecall/server';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  save: mutation({
    input: z.object({
      at: z.date(),
      n: z.bigint(),
      tags: z.set(z.string()),
      scores: z.map(z.string(), z.number()),
      bytes: z.instanceof(Uint8Array),
    }),
    output: z.object({ savedAt: z.date(), size: z.bigint() }),
  }),
  ticks: subscription({ input: z.object({ from: z.date() }), event: z.date() }),
});

describe('rich values', () => {
  it('richCodec wraps either codec into a Codec both sides take', () => {
    expectTypeOf(richCodec(jsonCodec)).toEqualTypeOf<Codec>();
    expectTypeOf(richCodec(msgpackCodec)).toEqualTypeOf<Codec>();
  });

  it('types what arrives: a Date in the handler, a Date and a bigint in the client result', () => {
    createServer(api, {
      codec: richCodec(jsonCodec),
      handlers: {
        save: (input) => {
          expectTypeOf(input.at).toEqualTypeOf<Date>();
          expectTypeOf(input.n).toEqualTypeOf<bigint>();
          expectTypeOf(input.tags).toEqualTypeOf<Set<string>>();
          expectTypeOf(input.scores).toEqualTypeOf<Map<string, number>>();
          expectTypeOf(input.bytes).toEqualTypeOf<Uint8Array<ArrayBuffer>>();
          return { savedAt: new Date(), size: 1n };
        },
        async *ticks({ from }) {
          expectTypeOf(from).toEqualTypeOf<Date>();
          yield from;
        },
      },
    });
    const client = createClient(api, { url: 'ws://127.0.0.1:1', codec: richCodec(jsonCodec) });
    expectTypeOf(client.save).parameter(0).toHaveProperty('at').toEqualTypeOf<Date>();
    expectTypeOf(client.save).returns.resolves.toEqualTypeOf<{ savedAt: Date; size: bigint }>();
    expectTypeOf<EventOf<typeof api.ticks>>().toEqualTypeOf<Date>();
  });
});
