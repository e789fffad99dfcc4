// @vitest-environment jsdom

import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { useConnectionState, WirecallProvider } from '@wirecall/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { startFixture } from './fixture.js';

afterEach(cleanup);

const slow = { timeout: 5_000 };

describe('useConnectionState', () => {
  it('follows the connection: idle, connecting, open, reconnecting, open, closed', async () => {
    await using fx = await startFixture({ lazy: true });
    const seen: string[] = [];
    const { result } = renderHook(
      () => {
        const state = useConnectionState();
        if (seen.at(-1) !== state) seen.push(state);
        return state;
      },
      {
        wrapper: ({ children }: { children: ReactNode }) => (
          <WirecallProvider client={fx.client}>{children}</WirecallProvider>
        ),
      },
    );
    expect(result.current).toBe('idle');
    act(() => fx.client.connect());
    await waitFor(() => expect(result.current).toBe('open'), slow);
    fx.proxy.refuse();
    act(() => fx.proxy.cut());
    await waitFor(() => expect(result.current).toBe('reconnecting'), slow);
    fx.proxy.accept();
    await waitFor(() => expect(result.current).toBe('open'), slow);
    act(() => fx.client.close());
    expect(result.current).toBe('closed');
    expect(seen).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'open', 'closed']);
  });

  it('explains what is missing without a provider', () => {
    expect(() => renderHook(() => useConnectionState())).toThrow(/WirecallProvider/);
  });
});
