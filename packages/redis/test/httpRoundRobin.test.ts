import { createClient } from '@wirecall/client';
import { createServer } from '@wirecall/server';
import {
  createResumeHandlers,
  resumeContract,
  startRoundRobinProxy,
  waitFor,
} from '@wirecall/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { redisDedupe, redisPubSub } from '../src/index.js';
import { REDIS_URL, redisScope, redisUp } from './redisFixture.js';

const scope = redisScope('http-rr');
afterAll(() => scope[Symbol.asyncDispose]());

/** A stateless instance on a loopback port: nothing shared but Redis. */
async function instance() {
  const pubsub = redisPubSub({ url: REDIS_URL, keyPrefix: scope.prefix, onError: () => {} });
  const dedupe = redisDedupe({ url: REDIS_URL, keyPrefix: scope.prefix, onError: () => {} });
  const { handlers, log } = createResumeHandlers();
  const server = createServer(resumeContract, { handlers, pubsub, dedupe });
  const { port } = await server.listen({ port: 0 });
  return {
    server,
    port,
    log,
    async [Symbol.asyncDispose]() {
      await server.close();
      await pubsub[Symbol.asyncDispose]();
      await dedupe[Symbol.asyncDispose]?.();
    },
  };
}

describe.runIf(redisUp)('HTTP behind a round-robin proxy of stateless instances', () => {
  it('routes control POSTs to the stream’s instance: no reopen, nothing lost', async () => {
    await using a = await instance();
    await using b = await instance();
    await using c = await instance();
    await using proxy = await startRoundRobinProxy([a.port, b.port, c.port]);
    const methods: string[] = [];
    const closes: number[] = [];
    const client = createClient(resumeContract, {
      url: proxy.url(),
      transport: 'http',
      fetch: (input, init) => {
        const headers = new Headers(init.headers);
        methods.push(
          init.method === 'GET' ? 'stream' : headers.has('wirecall-stream') ? 'control' : 'calls',
        );
        return fetch(input, init);
      },
    });
    client.on('close', ({ code }) => closes.push(code));
    try {
      const topics = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
      const received = new Map(topics.map((topic) => [topic, [] as number[]]));
      const feeds = [];
      // One at a time: each subscribe is a control POST of its own, on the next instance.
      for (const topic of topics) {
        const feed = client.feed.subscribe(
          { topic },
          { onData: ({ n }) => received.get(topic)?.push(n) },
        );
        feeds.push(feed);
        await waitFor(() => feed.status === 'live' && feed.lastEventId !== undefined, {
          timeoutMs: 10_000,
        });
      }
      for (let n = 0; n < 6; n++) {
        for (const topic of topics) await client.publish({ topic, n });
      }
      await waitFor(() => [...received.values()].every((got) => got.length === 6), {
        timeoutMs: 15_000,
      });
      for (const got of received.values()) expect(got).toEqual([0, 1, 2, 3, 4, 5]);
      // Unsubscribing half reaches the stream too: their events stop.
      for (const feed of feeds.slice(0, 3)) feed.unsubscribe();
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const topic of topics) await client.publish({ topic, n: 6 });
      await waitFor(() => topics.slice(3).every((t) => received.get(t)?.length === 7), {
        timeoutMs: 15_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const topic of topics.slice(0, 3)) expect(received.get(topic)).toHaveLength(6);
      expect(methods.filter((m) => m === 'stream')).toHaveLength(1);
      // Six subscribes, one POST each; the three unsubscribes of one turn in one more.
      expect(methods.filter((m) => m === 'control')).toHaveLength(7);
      expect(closes).toEqual([]);
      // Every instance took requests: the proxy was really round-robin.
      for (const port of [a.port, b.port, c.port])
        expect(proxy.served.get(port)).toBeGreaterThan(0);
    } finally {
      client.close();
    }
  }, 60_000);

  it('refuses a control POST for another session’s stream on every instance', async () => {
    await using a = await instance();
    await using b = await instance();
    await using proxy = await startRoundRobinProxy([a.port, b.port]);
    const client = createClient(resumeContract, { url: proxy.url(), transport: 'http' });
    let streamId: string | undefined;
    const spy = createClient(resumeContract, {
      url: proxy.url(),
      transport: 'http',
      fetch: (input, init) => {
        const id = new Headers(init.headers).get('wirecall-stream');
        if (id) streamId = id;
        return fetch(input, init);
      },
    });
    try {
      const got: number[] = [];
      const feed = spy.feed.subscribe({ topic: 'victim' }, { onData: ({ n }) => got.push(n) });
      await waitFor(() => feed.status === 'live' && streamId !== undefined, {
        timeoutMs: 10_000,
      });
      // Another session names the stream id on both instances: nothing reaches the stream.
      for (let i = 0; i < 2; i++) {
        const response = await fetch(proxy.url(), {
          method: 'POST',
          headers: {
            'wirecall-protocol': 'wirecall.v1',
            'content-type': 'application/json',
            'wirecall-session': 'intruder',
            'wirecall-stream': streamId as string,
          },
          body: '{"type":"unsubscribe","id":1}',
        });
        expect([202, 404]).toContain(response.status);
      }
      await client.publish({ topic: 'victim', n: 1 });
      await waitFor(() => got.length === 1, { timeoutMs: 10_000 });
      expect(feed.status).toBe('live');
    } finally {
      client.close();
      spy.close();
    }
  }, 30_000);
});
