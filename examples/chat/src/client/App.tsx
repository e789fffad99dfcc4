import { usePresence } from '@wirecall/react';
import { useEffect, useState } from 'react';
import { client, me } from './client.js';
import { Composer } from './components/Composer.js';
import { ConnectionBanner } from './components/ConnectionBanner.js';
import { MessageList } from './components/MessageList.js';
import { OnlineList } from './components/OnlineList.js';
import { RoomList } from './components/RoomList.js';
import { TypingLine } from './components/TypingLine.js';
import { useTyping } from './useTyping.js';

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
  const { typing, typed, stopped } = useTyping();
  // Being on the page is being in the room: joins it, shares whether this tab is typing, and
  // leaves on unmount or when the room changes.
  const members = usePresence(client.chat.online, { room }, { typing });
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
        <TypingLine members={members} />
        <Composer room={room} onType={typed} onSend={stopped} />
      </main>
      <OnlineList members={members} />
    </div>
  );
}
