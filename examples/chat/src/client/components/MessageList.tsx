import { useQuery, useSubscription } from '@wirecall/react';
import { useEffect, useMemo, useRef } from 'react';
import type { Message } from '../../contract.js';
import { client, me } from '../client.js';

/**
 * The room's messages: its history (a query, fetched again after a reconnect to fill the gap)
 * followed by what arrives live (a subscription).
 */
export function MessageList({ room }: { room: string }) {
  const live = useSubscription(client.chat.messages, { room }, { keep: 200 });
  const history = useQuery(client.chat.history, { room }, { refetchOnReconnect: true });
  const messages = useMemo(() => merge(history.data ?? [], live.data), [history.data, live.data]);
  const end = useRef<HTMLLIElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when a message arrives.
  useEffect(() => {
    // Braces matter: newer browsers return a promise from scrollIntoView, and an effect must not.
    end.current?.scrollIntoView({ block: 'end' });
  }, [messages.length]);

  if (history.status === 'pending') return <p className="placeholder">Loading messages…</p>;
  if (history.error)
    return <p className="error">Could not load the room: {history.error.message}</p>;
  return (
    <ol className="messages" data-testid="messages">
      {messages.length === 0 && <li className="placeholder">No messages yet. Say hello!</li>}
      {messages.map((message) => (
        <li key={message.id} className={message.author === me ? 'mine' : undefined}>
          <span className="author">{message.author}</span>
          <time dateTime={new Date(message.sentAt).toISOString()}>
            {new Date(message.sentAt).toLocaleTimeString([], {
              hour: '2-digit',
              minute: '2-digit',
            })}
          </time>
          <p className="text">{message.text}</p>
        </li>
      ))}
      <li ref={end} aria-hidden="true" className="end" />
    </ol>
  );
}

/** History then live messages, each once, oldest first. */
function merge(history: readonly Message[], live: readonly Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const message of [...history, ...live]) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.sentAt - b.sentAt);
}
