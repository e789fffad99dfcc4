import { createClient, isRpcError } from '@wirecall/client';
import { startRoundRobinProxy, waitFor } from '@wirecall/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../src/contract.js';
import { type InstanceProcess, spawnInstance } from '../src/spawnInstance.js';

const REDIS_URL = process.env.WIRECALL_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisUp(): Promise<boolean> {
  const { Socket } = await import('node:net');
  const { hostname, port } = new URL(REDIS_URL);
  const socket = new Socket();
  try {
    return await new Promise<boolean>((resolve) => {
      socket.setTimeout(1_000, () => resolve(false));
      socket.once('error', () => resolve(false));
      socket.once('data', (data) => resolve(data.toString().startsWith('+PONG')));
      socket.connect(Number(port || 6379), hostname || '127.0.0.1', () => socket.write('PING\r\n'));
    });
  } finally {
    socket.destroy();
  }
}

const up = await redisUp();
const title = up
  ? 'serverless: stateless instances behind a round-robin balancer'
  : `serverless (skipped: no Redis at ${REDIS_URL})`;

const running: InstanceProcess[] = [];
afterEach(() => {
  for (const { child } of running.splice(0)) child.kill('SIGKILL');
});

describe.runIf(up)(title, () => {
  it('loses nothing when the instance holding the stream is killed mid-stream', async () => {
    const env = {
      REDIS_URL,
      KEY_PREFIX: `wirecall-test:serverless:${process.pid}:${Date.now()}:`,
      MAX_DURATION_MS: '20000',
    };
    running.push(...(await Promise.all([1, 2, 3].map(() => spawnInstance(env)))));
    const ports = running.map(({ port }) => port);
    await using balancer = await startRoundRobinProxy(ports);
    const client = createClient(api, {
      url: balancer.url('/'),
      transport: 'http',
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    try {
      // The safe query goes as a GET, to whichever instance.
      const seen = new Set<string>();
      for (let n = 0; n < 3; n++) seen.add((await client.board.health()).instance);
      expect(seen.size).toBe(3);

      const received: string[] = [];
      const ids: string[] = [];
      const feed = client.board.notes.subscribe(undefined, {
        onData: ({ text }) => {
          received.push(text);
          if (feed.lastEventId) ids.push(feed.lastEventId);
        },
      });
      await waitFor(() => feed.status === 'live' && feed.lastEventId !== undefined, {
        timeoutMs: 20_000,
      });

      // Four writers post all along, one note at a time each.
      const total = 120;
      const outcomes = new Map<string, 'posted' | 'unknown'>();
      let next = 0;
      let killedPort: number | undefined;
      const writer = async () => {
        while (next < total) {
          const text = `note ${next++}`;
          try {
            await client.board.post({ author: 'test', text });
            outcomes.set(text, 'posted');
          } catch (error) {
            // Only a run cut off inside the killed instance may end unknown (at most once).
            if (!isRpcError(error, 'OUTCOME_UNKNOWN')) throw error;
            outcomes.set(text, 'unknown');
          }
          if (next === total / 3 && killedPort === undefined) {
            // Mid-stream: SIGKILL the instance holding the event stream, no goodbye.
            const holder = [...balancer.streaming].find(([, open]) => open > 0)?.[0];
            const victim = running.find(({ port }) => port === holder);
            if (victim) {
              killedPort = victim.port;
              victim.child.kill('SIGKILL');
            }
          }
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
      expect(killedPort).toBeDefined();
      const posted = [...outcomes].filter(([, o]) => o === 'posted').map(([text]) => text);
      await waitFor(() => posted.every((text) => received.includes(text)), { timeoutMs: 30_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));

      // No duplicates, in the order of the event ids, every posted note exactly once.
      expect(new Set(received).size).toBe(received.length);
      for (const text of posted) expect(received.filter((t) => t === text)).toHaveLength(1);
      for (const [text, outcome] of outcomes) {
        if (outcome === 'unknown')
          expect(received.filter((t) => t === text).length).toBeLessThan(2);
      }
      expect(outcomes.size).toBe(total);
      const sorted = [...ids].sort((a, b) => {
        const [am, as] = a.split('-').map(Number) as [number, number];
        const [bm, bs] = b.split('-').map(Number) as [number, number];
        return am - bm || as - bs;
      });
      expect(ids).toEqual(sorted);
      // The stream moved to a surviving instance.
      const holder = [...balancer.streaming].find(([, open]) => open > 0)?.[0];
      expect(holder).not.toBe(killedPort);
      console.log(
        `serverless: ${posted.length} posted, ${outcomes.size - posted.length} unknown, ${received.length} received, killed ${killedPort}`,
      );
    } finally {
      client.close();
    }
  }, 120_000);
});
