import { ErrorCode, isRpcError, type RpcError } from '@wirecall/client';
import { expect } from 'vitest';
import { waitFor } from '../waitFor.js';
import { BLOB_BYTES, conformanceLimits } from './conformanceContract.js';
import { openConformanceFixture, pause, polling } from './conformanceFixture.js';
import { it } from './conformanceIt.js';
import type { StartConformanceServer } from './conformanceTarget.js';

/** Takes `count` events from an iterator. */
async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const events: T[] = [];
  while (events.length < count) {
    const step = await iterator.next();
    if (step.done) break;
    events.push(step.value);
  }
  return events;
}

/** Subscriptions, their limit and their flow control. */
export function subscriptionCases(start: StartConformanceServer): void {
  it('streams a subscription to its end, and ends the handler on unsubscribe', async () => {
    await using t = await openConformanceFixture(start);
    const events: number[] = [];
    for await (const n of t.client.numbers.subscribe({ count: 5, intervalMs: 0 })) events.push(n);
    expect(events).toEqual([0, 2, 4, 6, 8]);
    const forever = t.client.forever.subscribe(undefined, { onData: () => {} });
    await waitFor(() => forever.status === 'live');
    forever.unsubscribe();
    await expect.poll(async () => (await t.client.effects()).subscriptions, polling).toBe(0);
  });

  it('refuses a subscription beyond maxSubscriptions with LIMIT_EXCEEDED, and frees the slot of an ended one', async () => {
    await using t = await openConformanceFixture(start);
    const { maxSubscriptions } = conformanceLimits;
    const held = Array.from({ length: maxSubscriptions }, () => t.client.idle.subscribe());
    await waitFor(() => held.every((subscription) => subscription.status === 'live'));
    const errors: RpcError[] = [];
    const refused = t.client.idle.subscribe(undefined, { onError: (error) => errors.push(error) });
    await waitFor(() => errors.length === 1);
    expect(isRpcError(errors[0], ErrorCode.LIMIT_EXCEEDED)).toBe(true);
    if (isRpcError(errors[0], ErrorCode.LIMIT_EXCEEDED)) {
      expect(errors[0].data).toEqual({ limit: 'maxSubscriptions', max: maxSubscriptions });
    }
    expect(refused.status).toBe('error');
    held[0]?.unsubscribe();
    await expect
      .poll(async () => (await t.client.effects()).subscriptions, polling)
      .toBe(maxSubscriptions - 1);
    const again = t.client.idle.subscribe();
    await waitFor(() => again.status === 'live');
  });

  it('produces no more than the window of a slow reader, then resumes in order', async () => {
    await using t = await openConformanceFixture(start);
    const window = 8;
    const iterator = t.client.forever.subscribe(undefined, { window })[Symbol.asyncIterator]();
    expect(await take(iterator, 2)).toEqual([1, 2]);
    // The reader stalls: the server sends the rest of the window and stops pulling.
    await expect.poll(async () => (await t.client.effects()).produced, polling).toBe(window);
    await pause(200);
    expect((await t.client.effects()).produced).toBe(window);
    // Reading grants credit back, and the stream goes on where it was.
    expect(await take(iterator, 40)).toEqual(Array.from({ length: 40 }, (_, n) => n + 3));
    await iterator.return?.();
    await expect.poll(async () => (await t.client.effects()).subscriptions, polling).toBe(0);
  });

  it('stops producing for a stalled socket: the server buffers about its high-water mark, not the window', async () => {
    await using t = await openConformanceFixture(start);
    // Reads the server's counters past the proxy, which the case stalls.
    const observer = t.openClient({ url: t.directUrl });
    const produced = async () => (await observer.effects()).blobsProduced;
    let received = 0;
    // A window this large allows 160 MiB in flight: only socket backpressure stops the source.
    const window = 10_000;
    t.client.blobs.subscribe(undefined, { window, onData: () => void received++ });
    await waitFor(() => received > 10);
    t.proxy.stall();
    let before = -1;
    let now = await produced();
    const deadline = Date.now() + 10_000;
    while (now !== before && Date.now() < deadline) {
      before = now;
      await pause(300);
      now = await produced();
    }
    expect(now, 'the source stopped').toBe(before);
    // In flight: the server's buffer (its high-water mark) plus the kernel's and the proxy's
    // socket buffers on loopback, a few MiB each; far from the window's 160 MiB.
    expect((now - received) * BLOB_BYTES).toBeLessThan(48 * 1_048_576);
    expect(now).toBeLessThan(received + window);
  });
}
