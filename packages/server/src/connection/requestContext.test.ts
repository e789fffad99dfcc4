import { describe, expect, it } from 'vitest';
import { memoryPubSub } from '../pubsub/memoryPubSub.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { LazyAbortController } from './lazyAbortController.js';
import { createRequestContext } from './requestContext.js';

/** An `abort` source that counts how often its signal is read. */
function countingAbort() {
  const controller = new AbortController();
  const source = {
    reads: 0,
    get signal() {
      source.reads++;
      return controller.signal;
    },
  };
  return { source, controller };
}

describe('createRequestContext', () => {
  it('keeps the connection context and adds path, error and lastEventId for subscriptions', () => {
    const { source } = countingAbort();
    const call = createRequestContext(
      { user: 'ada' },
      {
        path: 'a.b',
        abort: source,
        pubsub: memoryPubSub(),
      },
    );
    expect(call.user).toBe('ada');
    expect(call.path).toBe('a.b');
    expect(typeof call.error).toBe('function');
    expect('lastEventId' in call).toBe(false);

    const subscription = createRequestContext(
      {},
      {
        path: 'feed',
        abort: source,
        pubsub: memoryPubSub(),
        subscription: { queue: {}, lastEventId: '7', onCursor: () => {} },
      },
    );
    expect(subscription.lastEventId).toBe('7');
  });

  it('copies the connection context as own properties; request fields win over its keys', () => {
    const { source, controller } = countingAbort();
    const context = { user: 'ada', path: 'not this', signal: 'nor this', error: 1 };
    const ctx = createRequestContext(context, { path: 'a', abort: source, pubsub: memoryPubSub() });
    expect({ ...ctx }).toMatchObject({ user: 'ada', path: 'a' });
    expect(ctx.signal).toBe(controller.signal);
    expect(typeof ctx.error).toBe('function');
    expect(context).toEqual({ user: 'ada', path: 'not this', signal: 'nor this', error: 1 });
    // Each request gets its own ctx: what a handler writes on it stays in its request.
    const other = createRequestContext(context, {
      path: 'b',
      abort: source,
      pubsub: memoryPubSub(),
    });
    ctx.user = 'changed';
    expect(other.user).toBe('ada');
  });

  it('reads the signal only when the handler does', () => {
    const { source, controller } = countingAbort();
    const ctx = createRequestContext({}, { path: 'p', abort: source, pubsub: memoryPubSub() });
    expect(source.reads).toBe(0);
    expect(ctx.signal).toBe(controller.signal);
    expect(source.reads).toBe(1);
  });

  it('builds ctx.pubsub once, on first access, without touching the signal', () => {
    const { source } = countingAbort();
    const ctx = createRequestContext({}, { path: 'p', abort: source, pubsub: memoryPubSub() });
    const first = ctx.pubsub;
    expect(ctx.pubsub).toBe(first);
    expect(source.reads).toBe(0);
  });

  it("ends ctx.pubsub subscriptions with the request and reports the topic's cursor", async () => {
    const pubsub = memoryPubSub();
    const abort = new LazyAbortController();
    const cursors: string[] = [];
    const ctx = createRequestContext(
      {},
      {
        path: 'feed',
        abort,
        pubsub,
        subscription: { queue: {}, lastEventId: undefined, onCursor: (id) => cursors.push(id) },
      },
    );
    const scoped = ctx.pubsub as PubSub;
    await scoped.publish('t', 'before');
    const iterator = scoped.subscribe<string>('t')[Symbol.asyncIterator]();
    const first = iterator.next();
    await scoped.publish('t', 'live');
    expect((await first).value?.data).toBe('live');
    expect(cursors).toHaveLength(1);

    const pending = iterator.next();
    abort.abort(new Error('unsubscribed'));
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});
