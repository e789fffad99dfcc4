// @vitest-environment jsdom

import { cleanup, render, screen } from '@testing-library/react';
import { createClient } from '@wirecall/client';
import { usePresence } from '@wirecall/react';
import { presenceContract, startServer, waitFor } from '@wirecall/test-utils';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(cleanup);

type PresenceClient = ReturnType<typeof createClient<typeof presenceContract>>;

function Online({
  client,
  name,
  typing,
}: {
  client: PresenceClient;
  name: string;
  typing: boolean;
}) {
  const members = usePresence(client.chat.online, { room: 'r' }, { name, typing });
  const text = members
    .map((member) => `${member.state.name}${member.state.typing ? '…' : ''}`)
    .sort()
    .join(',');
  return <p data-testid={name}>{text}</p>;
}

describe('usePresence', () => {
  it('returns the members, shares state changes and leaves on unmount', async () => {
    await using server = await startServer(presenceContract, {
      presence: { throttleMs: 0 },
      handlers: { chat: {} },
    });
    const ada = createClient(presenceContract, { url: server.url });
    const bob = createClient(presenceContract, { url: server.url });
    try {
      const view = render(
        <StrictMode>
          <Online client={ada} name="ada" typing={false} />
        </StrictMode>,
      );
      const other = render(<Online client={bob} name="bob" typing={false} />);
      await waitFor(() => screen.getByTestId('ada').textContent === 'ada,bob');
      other.rerender(<Online client={bob} name="bob" typing={true} />);
      await waitFor(() => screen.getByTestId('ada').textContent === 'ada,bob…');
      other.unmount();
      await waitFor(() => screen.getByTestId('ada').textContent === 'ada');
      // StrictMode's double mount joined once: one member for ada.
      expect(server.server.stats().subscriptions).toBe(1);
      view.unmount();
      await waitFor(() => server.server.stats().subscriptions === 0);
    } finally {
      ada.close();
      bob.close();
    }
  });
});
