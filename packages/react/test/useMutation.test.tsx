// @vitest-environment jsdom

import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { isRpcError } from '@wirecall/client';
import { useMutation } from '@wirecall/react';
import { afterEach, describe, expect, it } from 'vitest';
import { startFixture } from './fixture.js';

afterEach(cleanup);

const slow = { timeout: 5_000 };

describe('useMutation', () => {
  it('goes idle, pending, success; reset goes back to idle', async () => {
    await using fx = await startFixture();
    const succeeded: unknown[] = [];
    const { result } = renderHook(() =>
      useMutation(fx.client.chat.send, {
        onSuccess: (data, input) => succeeded.push([data, input]),
      }),
    );
    expect(result.current).toMatchObject({ status: 'idle', data: undefined, error: undefined });
    act(() => result.current.mutate({ room: 'a', text: 'hi' }));
    expect(result.current.status).toBe('pending');
    await waitFor(() => expect(result.current.status).toBe('success'), slow);
    expect(result.current.data?.id).toMatch(/^\d+$/);
    expect(succeeded).toEqual([[result.current.data, { room: 'a', text: 'hi' }]]);
    act(() => result.current.reset());
    expect(result.current).toMatchObject({ status: 'idle', data: undefined });
  });

  it('surfaces declared and built-in errors with their typed codes', async () => {
    await using fx = await startFixture();
    const { result } = renderHook(() => useMutation(fx.client.chat.send));
    act(() => result.current.mutate({ room: 'closed', text: 'hi' }));
    await waitFor(() => expect(result.current.status).toBe('error'), slow);
    const closed = result.current.error;
    if (!isRpcError(closed, 'ROOM_CLOSED', fx.client.chat.send)) throw new Error('untyped');
    expect(closed.data.room).toBe('closed');

    act(() => result.current.mutate({ room: 'a', text: 'x'.repeat(21) }));
    await waitFor(() => expect(result.current.error?.code).toBe('BAD_INPUT'), slow);
    const tooLong = result.current.error;
    if (!isRpcError(tooLong, 'BAD_INPUT')) throw new Error('untyped');
    expect(tooLong.data.issues[0]).toMatchObject({ path: ['text'], code: 'too_big' });
  });

  it('mutateAsync resolves with the result or rejects with the typed error', async () => {
    await using fx = await startFixture();
    const { result } = renderHook(() => useMutation(fx.client.chat.send));
    const sent = await act(() => result.current.mutateAsync({ room: 'a', text: 'hi' }));
    expect(sent.id).toMatch(/^\d+$/);
    await act(async () => {
      await expect(
        result.current.mutateAsync({ room: 'closed', text: 'hi' }),
      ).rejects.toMatchObject({ code: 'ROOM_CLOSED', data: { room: 'closed' } });
    });
    expect(result.current.status).toBe('error');
  });

  it('shows the state of the latest call when calls overlap', async () => {
    await using fx = await startFixture();
    const { result } = renderHook(() => useMutation(fx.client.chat.send));
    let first: Promise<unknown> = Promise.resolve();
    act(() => {
      first = result.current.mutateAsync({ room: 'closed', text: 'first' }).catch(() => {});
      result.current.mutate({ room: 'a', text: 'second' });
    });
    await first;
    await waitFor(() => expect(result.current.status).toBe('success'), slow);
    expect(result.current.error).toBeUndefined();
  });
});
