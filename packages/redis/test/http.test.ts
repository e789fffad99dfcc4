import { createClient } from '@wirecall/client';
import { createServer, type WirecallServer } from '@wirecall/server';
import { createResumeHandlers, resumeContract, waitFor } from '@wirecall/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { redisDedupe, redisPubSub } from '../src/index.js';
import { REDIS_URL, redisScope, redisUp } from './redisFixture.js';

const scope = redisScope('http');
afterAll(() => scope[Symbol.asyncDispose]());

function instance() {
  const pubsub = redisPubSub({ url: REDIS_URL, keyPrefix: scope.prefix, onError: () => {} });
  const dedupe = redisDedupe({ url: REDIS_URL, keyPrefix: scope.prefix, onError: () => {} });
  const { handlers, log } = createResumeHandlers();
  const server = createServer(resumeContract, {
    handlers,
    pubsub,
    dedupe,
  });
  return {
    server,
    log,
    async [Symbol.asyncDispose]() {
      await server.close();
      await pubsub[Symbol.asyncDispose]();
      await dedupe[Symbol.asyncDispose]?.();
    },
  };
}

/** Streams and their control POSTs go to `streams()`, calls to `calls`: a balancer's routing. */
function routed(streams: () => WirecallServer, calls: WirecallServer) {
  return (input: string, init: RequestInit) => {
    const request = new Request(input, init);
    const toStream = request.method === 'GET' || request.headers.has('wirecall-stream');
    return (toStream ? streams() : calls).fetch(request);
  };
}

describe.runIf(redisUp)('HTTP transport across instances sharing Redis', () => {
  it('delivers events published by a mutation on another instance', async () => {
    await using a = instance();
    await using b = instance();
    const client = createClient(resumeContract, {
      url: 'http://balanced/',
      transport: 'http',
      fetch: routed(() => a.server, b.server),
    });
    try {
      const received: number[] = [];
      const feed = client.feed.subscribe({ topic: 't1' }, { onData: ({ n }) => received.push(n) });
      await waitFor(() => feed.status === 'live' && feed.lastEventId !== undefined);
      for (let n = 0; n < 5; n++) await client.publish({ topic: 't1', n });
      await waitFor(() => received.length === 5);
      expect(received).toEqual([0, 1, 2, 3, 4]);
    } finally {
      client.close();
    }
  });

  it('resumes on another instance after the stream’s instance dies, without loss', async () => {
    await using a = instance();
    await using b = instance();
    let streams = a.server;
    const client = createClient(resumeContract, {
      url: 'http://balanced/',
      transport: 'http',
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
      fetch: routed(() => streams, b.server),
    });
    try {
      const received: number[] = [];
      const feed = client.feed.subscribe({ topic: 't2' }, { onData: ({ n }) => received.push(n) });
      await waitFor(() => feed.status === 'live' && feed.lastEventId !== undefined);
      for (let n = 0; n < 5; n++) await client.publish({ topic: 't2', n });
      await waitFor(() => received.length === 5);
      streams = b.server;
      await a.server.close();
      for (let n = 5; n < 10; n++) await b.server.pubsub.publish('t2', { n });
      await waitFor(() => received.length === 10);
      expect(received).toEqual(Array.from({ length: 10 }, (_, n) => n));
    } finally {
      client.close();
    }
  });

  it('answers a mutation retried on another instance after its response was lost, once', async () => {
    await using a = instance();
    await using b = instance();
    let lost = 0;
    const client = createClient(resumeContract, {
      url: 'http://balanced/',
      transport: 'http',
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (request.method === 'GET' || request.headers.has('wirecall-stream'))
          return a.server.fetch(request);
        const body = await request.clone().text();
        if (body.includes('"add"') && lost++ === 0) {
          // Instance b runs it and answers; the answer never reaches the client.
          await (await b.server.fetch(request)).text();
          throw new TypeError('fetch failed');
        }
        return a.server.fetch(request);
      },
    });
    try {
      await expect(client.add({ by: 5, ms: 0 })).resolves.toBe(5);
      expect(a.log.addRuns + b.log.addRuns).toBe(1);
      expect(b.log.addRuns).toBe(1);
    } finally {
      client.close();
    }
  });
});
