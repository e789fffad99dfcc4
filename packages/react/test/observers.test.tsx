// @vitest-environment jsdom

import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { QueryObserver, SubscriptionObserver } from '@wirecall/client';
import { useQuery, useSubscription } from '@wirecall/react';
import { waitFor as poll } from '@wirecall/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { startFixture } from './fixture.js';

afterEach(cleanup);

const slow = { timeout: 5_000 };

// The hooks are bindings of the client's observers: a hook and a plain observer of the same
// procedure and input, on the same client, share one server subscription or call.
describe('hooks over client observers', () => {
  it('a hook and a plain observer share one server subscription', async () => {
    await using fx = await startFixture();
    const observer = new SubscriptionObserver(fx.client.chat.messages, { room: 'mixed' });
    const stop = observer.subscribe(() => {});
    const { result, unmount } = renderHook(() =>
      useSubscription(fx.client.chat.messages, { room: 'mixed' }),
    );
    await waitFor(() => expect(result.current.status).toBe('live'), slow);
    act(() => fx.publish('mixed', 'both'));
    await waitFor(() => expect(result.current.data?.text).toBe('both'), slow);
    expect(observer.getSnapshot().data?.text).toBe('both');
    expect(fx.log.subscribed).toBe(1);
    unmount();
    stop();
    await poll(() => fx.log.finalized === 1);
  });

  it('a hook and a plain observer share one call', async () => {
    await using fx = await startFixture();
    const observer = new QueryObserver(fx.client.greet, { name: 'Ada' });
    const stop = observer.subscribe(() => {});
    const { result } = renderHook(() => useQuery(fx.client.greet, { name: 'Ada' }));
    await waitFor(() => expect(result.current.data).toBe('Hello, Ada!'), slow);
    expect(observer.getSnapshot().data).toBe('Hello, Ada!');
    expect(fx.log.greeted).toBe(1);
    stop();
  });
});
