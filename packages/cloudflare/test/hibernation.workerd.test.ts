// Hibernation, for real: 50 idle clients subscribed to a room's topic, the object left alone
// until workerd evicts it (it does after about 10 s without events; the clients' pings, answered
// by the runtime, do not count), then woken by a client's message and again by a Worker's
// publish. Every client goes on without noticing: no close, every event exactly once, in order.
import { type Client, createClient } from '@wirecall/client';
import { conformanceContract } from '@wirecall/test-utils/conformance';
import type { RunningWorker } from '@wirecall/test-utils/runtimes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoomsWorker } from './roomsWorker.js';

const CLIENTS = 50;
/** workerd evicts an object after about 10 s without events; this leaves it room. */
const IDLE_MS = 13_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await pause(20);
  }
}

describe('WirecallDurableObject hibernation in workerd', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    worker = await startRoomsWorker();
  });
  afterAll(() => worker?.[Symbol.asyncDispose]());

  const incarnation = async (room: string) => {
    const response = await fetch(`${worker.url}secure/${room}/__incarnation`);
    return (await response.json()) as {
      incarnation: string;
      stats: { connections: number; subscriptions: number };
    };
  };

  it('keeps 50 subscribed clients across two evictions, losing and repeating no event', async () => {
    const room = crypto.randomUUID();
    const url = `${worker.url.replace(/^http/, 'ws')}secure/${room}`;
    const clients: Array<Client<typeof conformanceContract>> = [];
    const received: number[][] = [];
    const closes: number[] = [];
    try {
      for (let i = 0; i < CLIENTS; i++) {
        const client = createClient(conformanceContract, {
          url,
          params: { token: 'let-me-in' },
          // Pings every 2 s: the runtime answers them, so they must not keep the object awake.
          heartbeat: { intervalMs: 2_000, timeoutMs: 5_000 },
        });
        client.on('close', (info) => closes.push(info.code));
        const events: number[] = [];
        received.push(events);
        // A small window: credit must survive the evictions too, or the streams would stall.
        client.feed.subscribe({ topic: 'news' }, { window: 4, onData: ({ n }) => events.push(n) });
        clients.push(client);
      }
      const [first] = clients as [Client<typeof conformanceContract>];
      await expect
        .poll(async () => (await incarnation(room)).stats.subscriptions, { timeout: 15_000 })
        .toBe(CLIENTS);
      for (let n = 0; n < 6; n++) await first.publish({ topic: 'news', n });
      await waitUntil(() => received.every((events) => events.length === 6));
      const before = await incarnation(room);

      // Evicted while idle; woken by a client's call that publishes.
      await pause(IDLE_MS);
      await first.publish({ topic: 'news', n: 6 });
      await waitUntil(() => received.every((events) => events.length === 7));
      const afterMessage = await incarnation(room);
      expect(afterMessage.incarnation).not.toBe(before.incarnation);
      expect(afterMessage.stats).toMatchObject({ connections: CLIENTS, subscriptions: CLIENTS });

      // Evicted again; woken by a publish from the Worker, across objects.
      await pause(IDLE_MS);
      for (let n = 7; n < 10; n++) {
        const response = await fetch(`${worker.url}publish/${room}?topic=news&n=${n}`);
        expect(response.status).toBe(200);
      }
      await waitUntil(() => received.every((events) => events.length === 10));
      const afterPublish = await incarnation(room);
      expect(afterPublish.incarnation).not.toBe(afterMessage.incarnation);

      await pause(100);
      for (const events of received) expect(events).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(closes).toEqual([]);
      await expect(first.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
    } finally {
      for (const client of clients) client.close();
    }
  }, 90_000);
});
