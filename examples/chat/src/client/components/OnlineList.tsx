import type { PresenceMember } from '@wirecall/client';
import { me } from '../client.js';

/** Who is in the room right now (wirecall presence: each person once, however many tabs). */
export function OnlineList({
  members,
}: {
  members: readonly PresenceMember<{ typing: boolean }>[];
}) {
  const people = [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return (
    <aside className="online" aria-label="Who is online">
      <h2>
        Online <span className="count">{people.length}</span>
      </h2>
      <ul data-testid="online">
        {people.map((person) => (
          <li key={person.id} data-typing={person.state.typing ? 'true' : 'false'}>
            <span className="dot" aria-hidden="true" />
            {person.id}
            {person.id === me && <span className="you"> (you)</span>}
          </li>
        ))}
      </ul>
    </aside>
  );
}
