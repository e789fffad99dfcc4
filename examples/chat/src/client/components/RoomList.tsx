import { useQuery } from '@wirecall/react';
import { useEffect } from 'react';
import { client } from '../client.js';

/** The rooms, with how many people are in each (refreshed every few seconds). */
export function RoomList({ current }: { current: string }) {
  const rooms = useQuery(client.rooms, undefined, { refetchOnReconnect: true });
  const { refetch } = rooms;
  useEffect(() => {
    const timer = setInterval(() => void refetch(), 5_000);
    return () => clearInterval(timer);
  }, [refetch]);
  return (
    <nav className="rooms" aria-label="Rooms">
      <h2>Rooms</h2>
      {rooms.status === 'error' && <p className="error">Could not load the rooms.</p>}
      <ul>
        {rooms.data?.map(({ id, online }) => (
          <li key={id}>
            <a href={`#${id}`} aria-current={id === current ? 'page' : undefined}>
              # {id}
              {online > 0 && <span className="count">{online}</span>}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
