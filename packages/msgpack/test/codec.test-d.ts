import { createClient } from '@wirecall/client';
import { type Codec, defineContract, type Frame, jsonCodec, query } from '@wirecall/core';
import { msgpackCodec, type PROTOCOL_V1_MSGPACK } from '@wirecall/msgpack';
import { createServer, type ServerOptions } from '@wirecall/server';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  greet: query({ input: z.object({ name: z.string() }), output: z.string() }),
});
const handlers = { greet: ({ name }: { name: string }) => name };

describe('codec types', () => {
  it('msgpackCodec is a codec that batches', () => {
    expectTypeOf(msgpackCodec).toExtend<Codec>();
    expectTypeOf(msgpackCodec.joinFrames).toEqualTypeOf<(frames: readonly Frame[]) => Frame>();
    expectTypeOf<typeof PROTOCOL_V1_MSGPACK>().toEqualTypeOf<'wirecall.v1.msgpack'>();
  });

  it('the server takes one codec or a list', () => {
    expectTypeOf<ServerOptions<typeof api, object>['codec']>().toEqualTypeOf<
      Codec | readonly Codec[] | undefined
    >();
    createServer(api, { handlers, codec: msgpackCodec });
    createServer(api, { handlers, codec: [msgpackCodec, jsonCodec] });
    createServer(api, { handlers, codec: [msgpackCodec, jsonCodec] as const });
    // @ts-expect-error a subprotocol name is not a codec
    createServer(api, { handlers, codec: ['wirecall.v1.msgpack'] });
  });

  it('the client takes one codec', () => {
    createClient(api, { url: 'ws://localhost', codec: msgpackCodec });
    // @ts-expect-error the client offers one subprotocol
    createClient(api, { url: 'ws://localhost', codec: [msgpackCodec] });
  });
});
