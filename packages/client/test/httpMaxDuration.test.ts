import { createClient } from '@wirecall/client';
import { createResumeHandlers, resumeContract, startServer, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('http.maxDurationMs', () => {
  it('ends event streams while the generator waits; the client resumes with no gap or repeat', async () => {
    const { handlers } = createResumeHandlers();
    await using t = await startServer(resumeContract, {
      handlers,
      http: { maxDurationMs: 250 },
    });
    let streams = 0;
    const client = createClient(resumeContract, {
      url: t.url.replace('ws', 'http'),
      transport: 'http',
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
      fetch: (input, init) => {
        if (init.method === 'GET') streams++;
        return fetch(input, init);
      },
    });
    try {
      const received: number[] = [];
      const numbers: number[] = [];
      const feed = client.feed.subscribe({ topic: 'md' }, { onData: ({ n }) => received.push(n) });
      // A tracked generator that sleeps between events, longer than some streams last.
      client.numbers.subscribe({ count: 12, intervalMs: 90 }, { onData: (n) => numbers.push(n) });
      await waitFor(() => feed.status === 'live' && feed.lastEventId !== undefined, {
        timeoutMs: 10_000,
      });
      for (let n = 0; n < 20; n++) {
        await t.server.pubsub.publish('md', { n });
        await sleep(60);
      }
      await waitFor(() => received.length >= 20 && numbers.length >= 12, { timeoutMs: 20_000 });
      await sleep(300);
      expect(received).toEqual(Array.from({ length: 20 }, (_, n) => n));
      expect(numbers).toEqual(Array.from({ length: 12 }, (_, n) => n * 2));
      // The streams really ended on time and were reopened, several times.
      expect(streams).toBeGreaterThanOrEqual(3);
    } finally {
      client.close();
    }
  }, 40_000);

  it('ends a long batch on time; the cut calls go again and mutations still run once', async () => {
    const { handlers, log } = createResumeHandlers();
    await using t = await startServer(resumeContract, {
      handlers,
      http: { maxDurationMs: 300 },
    });
    const posts: number[] = [];
    const client = createClient(resumeContract, {
      url: t.url.replace('ws', 'http'),
      transport: 'http',
      fetch: (input, init) => {
        if (init.method === 'POST' && !new Headers(init.headers).has('wirecall-stream'))
          posts.push(JSON.parse(String(init.body)).length);
        return fetch(input, init);
      },
    });
    try {
      // One turn, one POST: a fast query and two mutations longer than the response may last.
      const [fast, first, second] = await Promise.all([
        client.echo({ n: 7, ms: 0 }),
        client.add({ by: 2, ms: 800 }),
        client.add({ by: 3, ms: 500 }),
      ]);
      expect(fast).toBe(7);
      expect([first, second].sort()).toEqual([3, 5]);
      expect(log.addRuns).toBe(2);
      expect(log.total).toBe(5);
      // The first POST held all three; the cut ones went again, each time fewer.
      expect(posts[0]).toBe(3);
      expect(posts.length).toBeGreaterThanOrEqual(2);
      expect(posts.slice(1).every((size) => size <= 2)).toBe(true);
    } finally {
      client.close();
    }
  }, 30_000);
});
