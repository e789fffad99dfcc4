import { defineContract, mutation, subscription } from '@wirecall/core';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  type ConnectionInit,
  type DurableObjectNamespaceLike,
  type DurableServer,
  durableServer,
  type PubSub,
  publishToDurableObject,
  routeToDurableObject,
  type StoredSubscription,
  storagePubSub,
  WirecallDurableObject,
} from '../src/index.js';

const api = defineContract({
  send: mutation({ input: z.object({ text: z.string() }), output: z.string() }),
  messages: subscription({ event: z.object({ text: z.string() }) }),
});

describe('@wirecall/cloudflare types', () => {
  it('infers handler inputs and the context from the contract and `context`', () => {
    durableServer(api, {
      context: ({ params }: ConnectionInit) => ({ user: String(params) }),
      handlers: {
        send: (input, ctx) => {
          expectTypeOf(input).toEqualTypeOf<{ text: string }>();
          expectTypeOf(ctx.user).toEqualTypeOf<string>();
          return input.text;
        },
        messages: (_input, ctx) => ctx.pubsub.subscribe<{ text: string }>('messages'),
      },
      attachmentHeaders: ['cookie'],
      maxAttachmentBytes: 4_096,
    });
  });

  it('refuses handlers of the wrong shape and unknown options', () => {
    durableServer(api, {
      handlers: {
        // @ts-expect-error the output is a string
        send: () => 1,
        messages: (_input, ctx) => ctx.pubsub.subscribe('messages'),
      },
    });
    // @ts-expect-error attachmentHeaders is a list of names
    durableServer(api, { handlers: {} as never, attachmentHeaders: 'cookie' });
  });

  it('types the base class, the router and the publisher', () => {
    interface Env {
      readonly ROOMS: DurableObjectNamespaceLike;
    }
    class Room extends WirecallDurableObject<Env> {
      createServer(): DurableServer {
        expectTypeOf(this.env).toEqualTypeOf<Env>();
        return durableServer(api, {
          handlers: { send: ({ text }) => text, messages: (_i, ctx) => ctx.pubsub.subscribe('m') },
        });
      }
    }
    expectTypeOf<Room['publish']>().returns.toEqualTypeOf<Promise<string>>();
    const env = {} as Env;
    expectTypeOf(routeToDurableObject(env.ROOMS, { name: () => 'a' })).toEqualTypeOf<
      (request: Request) => Promise<Response>
    >();
    expectTypeOf(publishToDurableObject(env.ROOMS, 'a', 't', {})).toEqualTypeOf<Promise<string>>();
    expectTypeOf(storagePubSub).returns.toEqualTypeOf<PubSub>();
    expectTypeOf<StoredSubscription['lastEventId']>().toEqualTypeOf<string | undefined>();
  });
});
