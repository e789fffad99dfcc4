import { useSubscription } from '@wirecall/react';
import { client, me } from '../client.js';

/** Who is in the room right now: being subscribed is being present. */
export function OnlineList({ room }: { room: string }) {
  const { data: people, status } = useSubscription(client.chat.online, { room });
  return (
    <aside className="online" aria-label="Who is online">
      <h2>
        Online <span className="count">{people?.length ?? 0}</span>
      </h2>
      {status === 'reconnecting' && <p className="note">Reconnecting…</p>}
      <ul data-testid="online">
        {people?.map((person) => (
          <li key={person}>
            <span className="dot" aria-hidden="true" />
            {person}
            {person === me && <span className="you"> (you)</span>}
          </li>
        ))}
      </ul>
    </aside>
  );
}
