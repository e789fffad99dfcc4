import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { createClient } from '@wirecall/client';
import { opentelemetry as clientTelemetry } from '@wirecall/client/opentelemetry';
import { defineContract, mutation, query, subscription } from '@wirecall/core';
import { createServer, isRpcError, rateLimit, scoped } from '@wirecall/server';
import { opentelemetry } from '@wirecall/server/opentelemetry';
import { startServer, waitFor } from '@wirecall/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { otelFixture, sumOf } from './otelFixture.js';

const api = defineContract({
  greet: query({ input: z.object({ name: z.string().min(1) }), output: z.string() }),
  boom: query({ output: z.string() }),
  limited: mutation({}),
  ticks: subscription({ input: z.object({ count: z.number() }), event: z.number() }),
  forever: subscription({ event: z.number() }),
});

// Fresh providers for each test: spans and metrics of one test only.
let otel = otelFixture();
beforeEach(() => {
  otel = otelFixture();
});

/** Polls an asynchronous condition (a metric read) until it holds. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function start() {
  const server = createServer(api, {
    telemetry: opentelemetry({ tracer: otel.tracer, meter: otel.meter }),
    // One bucket for all: over HTTP each POST is a connection of its own.
    middleware: [scoped('limited', rateLimit({ limit: 1, windowMs: 60_000, key: () => 'all' }))],
    handlers: {
      greet: ({ name }) =>
        // A span the handler makes is a child of the call's span.
        otel.tracer.startActiveSpan('db.query', (span) => {
          span.end();
          return `hello ${name}`;
        }),
      boom: () => {
        throw new Error('secret detail');
      },
      limited: () => {},
      async *ticks({ count }) {
        for (let i = 0; i < count; i++) yield i;
      },
      async *forever(_input, ctx) {
        yield 1;
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      },
    },
    onError: () => {},
  });
  const { url } = await server.listen({ port: 0 });
  return { url, [Symbol.asyncDispose]: () => server.close() };
}

function connect(url: string, transport: 'websocket' | 'http') {
  return createClient(api, {
    url: transport === 'http' ? url.replace('ws', 'http') : url,
    transport,
    telemetry: clientTelemetry({ tracer: otel.tracer, meter: otel.meter }),
  });
}

describe.each(['websocket', 'http'] as const)('OpenTelemetry over %s', (transport) => {
  it("makes the server's span of a call a child of the client's, and the handler's spans its children", async () => {
    await using t = await start();
    const client = connect(t.url, transport);
    try {
      await expect(client.greet({ name: 'Ada' })).resolves.toBe('hello Ada');
      await waitFor(() => otel.spans().length === 3);
      const clientSpan = otel.span('greet', SpanKind.CLIENT);
      const serverSpan = otel.span('greet', SpanKind.SERVER);
      const dbSpan = otel.span('db.query');
      expect(serverSpan.spanContext().traceId).toBe(clientSpan.spanContext().traceId);
      expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId);
      expect(serverSpan.parentSpanContext?.isRemote).toBe(true);
      expect(dbSpan.parentSpanContext?.spanId).toBe(serverSpan.spanContext().spanId);
      expect(serverSpan.attributes).toMatchObject({
        'rpc.system.name': 'wirecall',
        'rpc.method': 'greet',
        'rpc.status_code': 'OK',
        'wirecall.procedure.kind': 'query',
      });
      expect(serverSpan.attributes['error.type']).toBeUndefined();
      expect(serverSpan.status.code).toBe(SpanStatusCode.UNSET);
      expect(clientSpan.attributes).toMatchObject({
        'rpc.method': 'greet',
        'rpc.status_code': 'OK',
      });
      const duration = await otel.metric('rpc.server.call.duration');
      expect(sumOf(duration, { 'rpc.method': 'greet', 'rpc.status_code': 'OK' })).toBe(1);
      expect(duration?.descriptor.unit).toBe('s');
      expect(sumOf(await otel.metric('rpc.client.call.duration'), { 'rpc.method': 'greet' })).toBe(
        1,
      );
    } finally {
      client.close();
    }
  });

  it('marks failed calls with the error code: invalid input, a handler fault, a rate limit', async () => {
    await using t = await start();
    const client = connect(t.url, transport);
    try {
      const codes = await Promise.all(
        [client.greet({ name: '' }), client.boom()].map((call) =>
          call.then(
            () => 'OK',
            (error: unknown) => (isRpcError(error) ? error.code : 'not an RpcError'),
          ),
        ),
      );
      expect(codes).toEqual(['BAD_INPUT', 'INTERNAL']);
      await client.limited();
      await expect(client.limited()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
      await waitFor(
        () => otel.spans().filter((span) => span.kind === SpanKind.SERVER).length === 4,
      );
      const greet = otel.span('greet', SpanKind.SERVER);
      expect(greet.attributes).toMatchObject({
        'rpc.status_code': 'BAD_INPUT',
        'error.type': 'BAD_INPUT',
      });
      expect(greet.status.code).toBe(SpanStatusCode.ERROR);
      const boom = otel.span('boom', SpanKind.SERVER);
      expect(boom.attributes).toMatchObject({
        'rpc.status_code': 'INTERNAL',
        'error.type': 'INTERNAL',
      });
      // What the client is told, not the handler's secret.
      expect(boom.status.message).not.toContain('secret');
      expect(otel.span('boom', SpanKind.CLIENT).attributes['error.type']).toBe('INTERNAL');
      const limited = otel
        .spans()
        .filter((span) => span.name === 'limited' && span.kind === SpanKind.SERVER)
        .map((span) => span.attributes['rpc.status_code']);
      expect(limited.sort()).toEqual(['OK', 'RATE_LIMITED']);
      expect(
        sumOf(await otel.metric('wirecall.server.rate_limited'), { 'rpc.method': 'limited' }),
      ).toBe(1);
      const calls = await otel.metric('wirecall.server.calls');
      expect(sumOf(calls, { 'error.type': 'INTERNAL' })).toBe(1);
      expect(sumOf(calls)).toBe(4);
    } finally {
      client.close();
    }
  });
});

describe('OpenTelemetry subscriptions', () => {
  it("spans a subscription's whole stream: ends on completion, and on unsubscribe", async () => {
    await using t = await start();
    const client = connect(t.url, 'websocket');
    try {
      const got: number[] = [];
      await new Promise<void>((resolve) => {
        client.ticks.subscribe({ count: 3 }, { onData: (n) => got.push(n), onComplete: resolve });
      });
      expect(got).toEqual([0, 1, 2]);
      await waitFor(() => otel.spans().some((span) => span.name === 'ticks'));
      expect(otel.span('ticks').attributes).toMatchObject({
        'rpc.method': 'ticks',
        'rpc.status_code': 'OK',
        'wirecall.procedure.kind': 'subscription',
      });

      const forever = client.forever.subscribe(undefined, { onData: () => {} });
      await waitFor(() => forever.status === 'live');
      await eventually(
        async () =>
          sumOf(await otel.metric('wirecall.server.subscriptions.active'), {
            'rpc.method': 'forever',
          }) === 1,
      );
      // Running: its span has not ended.
      expect(otel.spans().some((span) => span.name === 'forever')).toBe(false);
      forever.unsubscribe();
      await waitFor(() => otel.spans().some((span) => span.name === 'forever'));
      const span = otel.span('forever');
      expect(span.attributes['rpc.status_code']).toBe('CANCELLED');
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.endTime[0] * 1e3 + span.endTime[1] / 1e6).toBeGreaterThan(
        span.startTime[0] * 1e3 + span.startTime[1] / 1e6,
      );
      expect(sumOf(await otel.metric('wirecall.server.subscriptions.active'))).toBe(0);
    } finally {
      client.close();
    }
  });

  it('ends a running subscription span when the connection drops, and counts connections', async () => {
    await using t = await start();
    const client = connect(t.url, 'websocket');
    const forever = client.forever.subscribe(undefined, { onData: () => {} });
    await waitFor(() => forever.status === 'live');
    expect(sumOf(await otel.metric('wirecall.server.connections.active'))).toBe(1);
    client.close();
    await waitFor(() => otel.spans().some((span) => span.name === 'forever'));
    expect(otel.span('forever').attributes['rpc.status_code']).toBe('CANCELLED');
    await eventually(
      async () => sumOf(await otel.metric('wirecall.server.connections.active')) === 0,
    );
  });
});

describe('OpenTelemetry over plain HTTP', () => {
  const headers = { 'content-type': 'application/json', 'wirecall-protocol': 'wirecall.v1' };
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const parentId = '00f067aa0ba902b7';

  it('takes the traceparent header as the parent of calls without trace context of their own', async () => {
    await using t = await start();
    const own = { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`, tracestate: 'v=1' };
    const response = await fetch(t.url.replace('ws', 'http'), {
      method: 'POST',
      headers: { ...headers, traceparent: `00-${traceId}-${parentId}-01`, tracestate: 'x=1' },
      body: JSON.stringify([
        { type: 'call', id: 1, path: 'greet', input: { name: 'a' } },
        { type: 'call', id: 2, path: 'boom', trace: own },
      ]),
    });
    expect(response.status).toBe(200);
    expect((await response.text()).trim().split('\n')).toHaveLength(2);
    await waitFor(() => otel.spans().filter((span) => span.kind === SpanKind.SERVER).length === 2);
    const greet = otel.span('greet', SpanKind.SERVER);
    expect(greet.spanContext().traceId).toBe(traceId);
    expect(greet.parentSpanContext?.spanId).toBe(parentId);
    expect(greet.parentSpanContext?.traceState?.get('x')).toBe('1');
    const boom = otel.span('boom', SpanKind.SERVER);
    expect(boom.spanContext().traceId).toBe('a'.repeat(32));
    expect(boom.parentSpanContext?.traceState?.get('v')).toBe('1');
  });

  it('ignores a malformed traceparent header: the call is served, its span a root', async () => {
    await using t = await start();
    const response = await fetch(t.url.replace('ws', 'http'), {
      method: 'POST',
      headers: { ...headers, traceparent: 'garbage' },
      body: JSON.stringify({ type: 'call', id: 1, path: 'greet', input: { name: 'a' } }),
    });
    expect(await response.text()).toContain('hello a');
    await waitFor(() => otel.spans().some((span) => span.kind === SpanKind.SERVER));
    expect(otel.span('greet', SpanKind.SERVER).parentSpanContext).toBeUndefined();
  });

  it('refuses a malformed trace field in the frame like any invalid frame (400)', async () => {
    await using t = await start();
    const response = await fetch(t.url.replace('ws', 'http'), {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'call', id: 1, path: 'greet', trace: { traceparent: 'x' } }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('traceparent');
  });
});

describe('without telemetry', () => {
  it('a server without it serves clients that trace, and makes no span', async () => {
    await using t = await startServer(api, {
      handlers: {
        greet: ({ name }) => `hi ${name}`,
        boom: () => 'x',
        limited: () => {},
        async *ticks() {},
        async *forever() {},
      },
    });
    const client = connect(t.url, 'websocket');
    try {
      await expect(client.greet({ name: 'b' })).resolves.toBe('hi b');
      await waitFor(() => otel.spans().length === 1);
      expect(otel.spans()[0]?.kind).toBe(SpanKind.CLIENT);
      expect(trace.getActiveSpan()).toBeUndefined();
    } finally {
      client.close();
    }
  });
});
