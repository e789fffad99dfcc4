import { ErrorCode, isRpcError } from '@wirecall/core';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './eventQueue.js';

/** Pulls everything the queue yields until it ends or fails. */
async function drain<T>(queue: EventQueue<T>): Promise<{ events: T[]; error: unknown }> {
  const events: T[] = [];
  try {
    for await (const event of queue) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

function fill(queue: EventQueue<number>, count: number): void {
  for (let n = 1; n <= count; n++) queue.push(n);
  queue.end();
}

describe('EventQueue', () => {
  it('delivers events in order while under its bound', async () => {
    const queue = new EventQueue<number>({ bufferSize: 10 });
    fill(queue, 10);
    expect(await drain(queue)).toEqual({
      events: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      error: undefined,
    });
    expect(queue.dropped).toBe(0);
  });

  it("'buffer' ends with SLOW_CONSUMER once the bound is passed, holding nothing more", async () => {
    const queue = new EventQueue<number>({ overflow: 'buffer', bufferSize: 3 });
    fill(queue, 1_000);
    const { events, error } = await drain(queue);
    expect(events).toEqual([]);
    expect(isRpcError(error, ErrorCode.SLOW_CONSUMER)).toBe(true);
    if (isRpcError(error, ErrorCode.SLOW_CONSUMER)) expect(error.data).toEqual({ bufferSize: 3 });
    expect(queue.size).toBe(0);
  });

  it("'drop-oldest' keeps the newest events and counts the dropped", async () => {
    const drops: number[] = [];
    const queue = new EventQueue<number>({
      overflow: 'drop-oldest',
      bufferSize: 3,
      onDrop: (count) => drops.push(count),
    });
    fill(queue, 10);
    expect((await drain(queue)).events).toEqual([8, 9, 10]);
    expect(queue.dropped).toBe(7);
    expect(drops.reduce((a, b) => a + b, 0)).toBe(7);
  });

  it("'drop-newest' keeps the oldest events and counts the dropped", async () => {
    const queue = new EventQueue<number>({ overflow: 'drop-newest', bufferSize: 3 });
    fill(queue, 10);
    expect((await drain(queue)).events).toEqual([1, 2, 3]);
    expect(queue.dropped).toBe(7);
  });

  it("'latest' conflates to the newest value", async () => {
    const queue = new EventQueue<number>({ overflow: 'latest', bufferSize: 50 });
    fill(queue, 10);
    expect((await drain(queue)).events).toEqual([10]);
    expect(queue.dropped).toBe(9);
  });

  it.each(['drop-oldest', 'latest'] as const)(
    "'%s' stays bounded under a million pushes with nobody pulling",
    (overflow) => {
      const queue = new EventQueue<{ n: number }>({ overflow, bufferSize: 100 });
      for (let n = 0; n < 1_000_000; n++) queue.push({ n });
      expect(queue.size).toBe(overflow === 'latest' ? 1 : 100);
      expect(queue.dropped).toBe(overflow === 'latest' ? 999_999 : 999_900);
      // What it holds in memory is measured by `pnpm bench:backpressure`.
    },
  );

  it('wakes a waiting consumer on push and ends on abort', async () => {
    const controller = new AbortController();
    const queue = new EventQueue<string>({ signal: controller.signal });
    const pulled = drain(queue);
    queue.push('a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    queue.push('b');
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    queue.push('after the end');
    expect(await pulled).toEqual({ events: ['a', 'b'], error: undefined });
  });

  it('refuses a bufferSize below 1', () => {
    expect(() => new EventQueue({ bufferSize: 0 })).toThrow(RangeError);
  });
});
