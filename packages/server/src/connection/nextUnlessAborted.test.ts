import { describe, expect, it } from 'vitest';
import { ABORTED, createNextUnlessAborted } from './nextUnlessAborted.js';

async function* counter(limit: number) {
  for (let n = 0; n < limit; n++) yield n;
}

describe('createNextUnlessAborted', () => {
  it('passes the steps through until the source is done', async () => {
    const next = createNextUnlessAborted(counter(2), new AbortController().signal);
    expect(await next()).toEqual({ value: 0, done: false });
    expect(await next()).toEqual({ value: 1, done: false });
    expect(await next()).toEqual({ value: undefined, done: true });
  });

  it('resolves with ABORTED when the signal aborts while the source is stuck', async () => {
    const controller = new AbortController();
    const stuck: AsyncIterator<unknown> = { next: () => new Promise(() => {}) };
    const next = createNextUnlessAborted(stuck, controller.signal);
    const pending = next();
    controller.abort();
    expect(await pending).toBe(ABORTED);
    expect(await next()).toBe(ABORTED);
  });

  it('rejects with what the source throws', async () => {
    const failing: AsyncIterator<unknown> = { next: () => Promise.reject(new Error('boom')) };
    const next = createNextUnlessAborted(failing, new AbortController().signal);
    await expect(next()).rejects.toThrow('boom');
  });

  it('keeps a single abort listener however many events pass', async () => {
    const controller = new AbortController();
    let listeners = 0;
    const { signal } = controller;
    const add = signal.addEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners++;
      add(...args);
    }) as typeof signal.addEventListener;
    const next = createNextUnlessAborted(counter(1_000), signal);
    for (let n = 0; n < 1_000; n++) await next();
    expect(listeners).toBe(1);
  });
});
