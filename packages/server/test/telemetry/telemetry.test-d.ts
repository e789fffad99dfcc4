import type { Meter, Tracer } from '@opentelemetry/api';
import {
  type ClientOptions,
  type RpcError as ClientRpcError,
  type ClientTelemetry,
  type ClientTelemetrySpan,
  createClient,
} from '@wirecall/client';
import { opentelemetry as clientTelemetry } from '@wirecall/client/opentelemetry';
import { defineContract, query, type TraceContext } from '@wirecall/core';
import {
  createServer,
  type ProcedureKind,
  type SerializedRpcError,
  type ServerOptions,
  type ServerTelemetry,
  type TelemetryRequest,
  type TelemetrySpan,
} from '@wirecall/server';
import { type OpenTelemetryOptions, opentelemetry } from '@wirecall/server/opentelemetry';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({ ping: query({ output: z.string() }) });

describe('telemetry types', () => {
  it('makes ServerTelemetry from opentelemetry(), with optional tracer and meter', () => {
    expectTypeOf(opentelemetry()).toEqualTypeOf<ServerTelemetry>();
    expectTypeOf<OpenTelemetryOptions['tracer']>().toEqualTypeOf<Tracer | undefined>();
    expectTypeOf<OpenTelemetryOptions['meter']>().toEqualTypeOf<Meter | undefined>();
    expectTypeOf<ServerOptions<typeof api, object>['telemetry']>().toEqualTypeOf<
      ServerTelemetry | undefined
    >();
    createServer(api, { telemetry: opentelemetry(), handlers: { ping: () => 'pong' } });
  });

  it('types what the server hands its telemetry, never any', () => {
    expectTypeOf<TelemetryRequest['path']>().toEqualTypeOf<string>();
    expectTypeOf<TelemetryRequest['kind']>().toEqualTypeOf<ProcedureKind>();
    expectTypeOf<TelemetryRequest['trace']>().toEqualTypeOf<TraceContext | undefined>();
    expectTypeOf<TraceContext['traceparent']>().toEqualTypeOf<string>();
    expectTypeOf<TelemetrySpan['end']>()
      .parameter(0)
      .toEqualTypeOf<SerializedRpcError | undefined>();
    const span = {} as TelemetrySpan;
    expectTypeOf(span.run(() => 42)).toEqualTypeOf<number>();
    expectTypeOf(span.run(async () => 'x')).toEqualTypeOf<Promise<string>>();
  });

  it('accepts a telemetry of the user’s own', () => {
    const own: ServerTelemetry = {
      start: () => ({ run: (fn) => fn(), end: () => {} }),
      connectionOpened: () => {},
      connectionClosed: () => {},
      eventsDropped: (path, count) => {
        expectTypeOf(path).toEqualTypeOf<string>();
        expectTypeOf(count).toEqualTypeOf<number>();
      },
    };
    createServer(api, { telemetry: own, handlers: { ping: () => 'pong' } });
    // @ts-expect-error a telemetry must say how spans start
    createServer(api, { telemetry: { connectionOpened() {} }, handlers: { ping: () => 'pong' } });
  });

  it('makes ClientTelemetry for the client option, whose spans carry trace context', () => {
    expectTypeOf(clientTelemetry()).toEqualTypeOf<ClientTelemetry>();
    expectTypeOf<ClientOptions['telemetry']>().toEqualTypeOf<ClientTelemetry | undefined>();
    expectTypeOf<ClientTelemetrySpan['trace']>().toEqualTypeOf<TraceContext | undefined>();
    expectTypeOf<ClientTelemetrySpan['end']>()
      .parameter(0)
      .toEqualTypeOf<ClientRpcError | undefined>();
    const client = createClient(api, { url: 'ws://localhost:1', telemetry: clientTelemetry() });
    expectTypeOf(client.ping()).toEqualTypeOf<Promise<string>>();
  });
});
