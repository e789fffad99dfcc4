import { defineContract, query } from '@wirecall/core';
import { createServer } from '@wirecall/server';
import {
  type BunHandler,
  type BunHandlerOptions,
  type BunServerLike,
  type BunWebSocketLike,
  bunHandler,
} from '@wirecall/server/bun';
import {
  type DenoHandler,
  type DenoHandlerOptions,
  type DenoServeInfo,
  denoHandler,
} from '@wirecall/server/deno';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  greet: query({ input: z.object({ name: z.string() }), output: z.string() }),
});
const server = createServer(api, { handlers: { greet: ({ name }) => name } });

describe('bunHandler', () => {
  it('makes the fetch and websocket options of Bun.serve, typed without any', () => {
    const handler = bunHandler(server, { path: '/rpc' });
    expectTypeOf(handler).toEqualTypeOf<BunHandler>();
    expectTypeOf(handler.fetch).parameters.toEqualTypeOf<[Request, BunServerLike]>();
    expectTypeOf(handler.fetch).returns.toEqualTypeOf<Response | undefined | Promise<Response>>();
    expectTypeOf(handler.websocket.open).parameters.toEqualTypeOf<[BunWebSocketLike]>();
    expectTypeOf(handler.websocket.message).parameter(1).toEqualTypeOf<string | Uint8Array>();
    expectTypeOf(handler.websocket.maxPayloadLength).toBeNumber();
    expectTypeOf<BunHandlerOptions['path']>().toEqualTypeOf<string | undefined>();
  });

  it('takes a server and at most one options object', () => {
    // @ts-expect-error a server is required
    bunHandler();
    // @ts-expect-error path is a string
    bunHandler(server, { path: 1 });
  });
});

describe('denoHandler', () => {
  it('makes a Deno.serve handler, typed without any', () => {
    const handler = denoHandler(server);
    expectTypeOf(handler).toEqualTypeOf<DenoHandler>();
    expectTypeOf(handler).parameters.toEqualTypeOf<[Request, (DenoServeInfo | undefined)?]>();
    expectTypeOf(handler).returns.toEqualTypeOf<Response | Promise<Response>>();
    expectTypeOf<DenoHandlerOptions['path']>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error path is a string
    denoHandler(server, { path: ['/rpc'] });
  });
});
