import { useEffect, useState } from 'react';
import { me } from './client.js';
import { Composer } from './components/Composer.js';
import { ConnectionBanner } from './components/ConnectionBanner.js';
import { MessageList } from './components/MessageList.js';
import { OnlineList } from './components/OnlineList.js';
import { RoomList } from './components/RoomList.js';

/** The room in the address (`#random`), or `general`. */
function roomFromHash(): string {
  return decodeURIComponent(location.hash.slice(1)) || 'general';
}

/** The chat: rooms on the left, the room's messages in the middle, who is there on the right. */
export function App() {
  const [room, setRoom] = useState(roomFromHash);
  useEffect(() => {
    const onHash = () => setRoom(roomFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return (
    <div className="app">
      <header className="top">
        <h1>
          wirecall <span>chat</span>
        </h1>
        <ConnectionBanner />
        <p className="me">
          you are <strong data-testid="me">{me}</strong>
        </p>
      </header>
      <RoomList current={room} />
      <main className="room">
        <h2># {room}</h2>
        <MessageList room={room} />
        <Composer room={room} />
      </main>
      <OnlineList room={room} />
    </div>
  );
}
