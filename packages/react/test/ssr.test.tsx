import type { Client } from '@wirecall/client';
import {
  useConnectionState,
  useMutation,
  useQuery,
  useSubscription,
  WirecallProvider,
} from '@wirecall/react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { type api, startFixture } from './fixture.js';

function Page({ client }: { client: Client<typeof api> }) {
  const state = useConnectionState();
  const messages = useSubscription(client.chat.messages, { room: 'a' }, { keep: 5 });
  const greeting = useQuery(client.greet, { name: 'Ada' });
  const send = useMutation(client.chat.send);
  return (
    <main>
      <p>connection:{state}</p>
      <p>
        messages:{messages.status}:{messages.data.length}
      </p>
      <p>greeting:{greeting.status}</p>
      <p>send:{send.status}</p>
    </main>
  );
}

describe('server rendering', () => {
  it('renders without opening a socket or calling the server', async () => {
    await using fx = await startFixture({ lazy: true });
    const html = renderToString(
      <WirecallProvider client={fx.client}>
        <Page client={fx.client} />
      </WirecallProvider>,
    );
    expect(html).toContain('connection:<!-- -->idle');
    expect(html).toContain('messages:<!-- -->connecting<!-- -->:<!-- -->0');
    expect(html).toContain('greeting:<!-- -->pending');
    expect(html).toContain('send:<!-- -->idle');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fx.client.state).toBe('idle');
    expect(fx.proxy.connections).toBe(0);
    expect(fx.started.server.stats()).toEqual({
      connections: 0,
      calls: 0,
      subscriptions: 0,
      backlog: 0,
    });
    expect(fx.log.greeted).toBe(0);
  });
});
