// @vitest-environment jsdom

import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { isRpcError } from '@wirecall/client';
import { useQuery, WirecallProvider } from '@wirecall/react';
import { waitFor as poll } from '@wirecall/test-utils';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Fixture, startFixture } from './fixture.js';

afterEach(cleanup);

const slow = { timeout: 5_000 };

function withProvider(fx: Fixture) {
  return ({ children }: { children: ReactNode }) => (
    <WirecallProvider client={fx.client}>{children}</WirecallProvider>
  );
}

describe('useQuery', () => {
  it('goes from pending to success with the typed result', async () => {
    await using fx = await startFixture();
    const { result } = renderHook(() => useQuery(fx.client.greet, { name: 'Ada' }));
    expect(result.current).toMatchObject({ status: 'pending', data: undefined, fetching: true });
    await waitFor(() => expect(result.current.status).toBe('success'), slow);
    expect(result.current).toMatchObject({
      data: 'Hello, Ada!',
      error: undefined,
      fetching: false,
    });
  });

  it('surfaces a declared error with its typed code and data', async () => {
    await using fx = await startFixture();
    const { result } = renderHook(() => useQuery(fx.client.greet, { name: 'shy' }));
    await waitFor(() => expect(result.current.status).toBe('error'), slow);
    const { error } = result.current;
    if (!isRpcError(error, 'SHY', fx.client.greet)) throw new Error(`got ${error?.code}`);
    expect(error.data.name).toBe('shy');
  });

  it('shares one call between components asking the same thing, and refetches on demand', async () => {
    await using fx = await startFixture();
    const hooks = Array.from({ length: 10 }, () => renderHook(() => useQuery(fx.client.now)));
    await waitFor(() => expect(hooks.every((h) => h.result.current.data === 1)).toBe(true), slow);
    expect(fx.log.nowCalls).toBe(1);
    await act(() => hooks[3]!.result.current.refetch());
    await waitFor(() => expect(hooks.every((h) => h.result.current.data === 2)).toBe(true), slow);
    expect(fx.log.nowCalls).toBe(2);
  });

  it('fetches again when the input changes by value, not for an equal new object', async () => {
    await using fx = await startFixture();
    const { result, rerender } = renderHook(
      ({ name }: { name: string }) => useQuery(fx.client.greet, { name }),
      { initialProps: { name: 'Ada' } },
    );
    await waitFor(() => expect(result.current.data).toBe('Hello, Ada!'), slow);
    rerender({ name: 'Ada' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fx.log.greeted).toBe(1);
    rerender({ name: 'Grace' });
    expect(result.current.status).toBe('pending');
    await waitFor(() => expect(result.current.data).toBe('Hello, Grace!'), slow);
    expect(fx.log.greeted).toBe(2);
  });

  it('waits while disabled; refetch still fetches', async () => {
    await using fx = await startFixture();
    const { result } = renderHook(() => useQuery(fx.client.now, undefined, { enabled: false }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(result.current.status).toBe('idle');
    expect(fx.log.nowCalls).toBe(0);
    await act(() => result.current.refetch());
    expect(result.current).toMatchObject({ status: 'success', data: 1 });
  });

  it('cancels the call on the server when the last component unmounts', async () => {
    await using fx = await startFixture();
    await poll(() => fx.client.state === 'open');
    const { unmount } = renderHook(() => useQuery(fx.client.slow, { ms: 10_000 }));
    await poll(() => fx.started.server.stats().calls === 1);
    unmount();
    await poll(() => fx.log.slowAborted === 1);
    expect(fx.started.server.stats().calls).toBe(0);
  });

  it('refetches after a reconnect when asked', async () => {
    await using fx = await startFixture();
    const { result } = renderHook(
      () => useQuery(fx.client.now, undefined, { refetchOnReconnect: true }),
      { wrapper: withProvider(fx) },
    );
    await waitFor(() => expect(result.current.data).toBe(1), slow);
    act(() => fx.proxy.cut());
    await waitFor(() => expect(result.current.data).toBe(2), slow);
    expect(result.current.status).toBe('success');
  });

  it('needs a provider for refetchOnReconnect', async () => {
    await using fx = await startFixture({ lazy: true });
    expect(() =>
      renderHook(() => useQuery(fx.client.now, undefined, { refetchOnReconnect: true })),
    ).toThrow(/WirecallProvider/);
  });
});
