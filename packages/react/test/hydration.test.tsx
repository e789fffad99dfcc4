// @vitest-environment jsdom

import { act, waitFor } from '@testing-library/react';
import type { Client } from '@wirecall/client';
import { useConnectionState, useQuery, useSubscription, WirecallProvider } from '@wirecall/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { type api, startFixture } from './fixture.js';

function Page({ client }: { client: Client<typeof api> }) {
  const state = useConnectionState();
  const messages = useSubscription(client.chat.messages, { room: 'h' }, { keep: 5 });
  const greeting = useQuery(client.greet, { name: 'Ada' });
  return (
    <p>
      {state}|{messages.status}|{greeting.status}|{greeting.data ?? '-'}
    </p>
  );
}

describe('hydration', () => {
  it('hydrates server HTML without a mismatch, then connects and goes live', async () => {
    await using fx = await startFixture({ lazy: true });
    const app = (
      <WirecallProvider client={fx.client}>
        <Page client={fx.client} />
      </WirecallProvider>
    );
    const container = document.createElement('div');
    container.innerHTML = renderToString(app);
    document.body.append(container);
    expect(container.textContent).toBe('idle|connecting|pending|-');

    const errors = vi.spyOn(console, 'error');
    const recoverable: unknown[] = [];
    const root = await act(async () =>
      hydrateRoot(container, app, { onRecoverableError: (error) => recoverable.push(error) }),
    );
    await waitFor(() => expect(container.textContent).toBe('open|live|success|Hello, Ada!'), {
      timeout: 5_000,
    });
    expect(recoverable).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    act(() => root.unmount());
    container.remove();
  });
});
