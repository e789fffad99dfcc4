import { useConnectionState, useSubscription } from '@wirecall/react';
import { useEffect, useMemo, useRef } from 'react';
import type { Message } from '../../contract.js';
import { client, me } from '../client.js';
import { type OutgoingMessage, outbox, useOutbox } from '../outbox.js';
import { describe } from './Composer.js';

/**
 * The room's messages: one subscription that starts with the room's stored history and goes on
 * live, resuming after a reconnect from the last message received; then this tab's messages the
 * server has not confirmed yet, marked pending.
 */
export function MessageList({ room }: { room: string }) {
  const live = useSubscription(client.chat.messages, { room }, { keep: 200 });
  const outgoing = useOutbox();
  const connection = useConnectionState();
  const messages = useMemo(() => merge(live.data, outgoing, room), [live.data, outgoing, room]);
  const end = useRef<HTMLLIElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when a message arrives.
  useEffect(() => {
    // Braces matter: newer browsers return a promise from scrollIntoView, and an effect must not.
    end.current?.scrollIntoView({ block: 'end' });
  }, [messages.length]);

  if (live.status === 'error' && live.error)
    return <p className="error">Could not load the room: {live.error.message}</p>;
  if (live.status === 'connecting' && messages.length === 0)
    return <p className="placeholder">Loading messages…</p>;
  return (
    <ol className="messages" data-testid="messages">
      {messages.length === 0 && <li className="placeholder">No messages yet. Say hello!</li>}
      {messages.map((message) => (
        <li
          key={message.id}
          className={[message.author === me && 'mine', 'status' in message && message.status]
            .filter(Boolean)
            .join(' ')}
          data-status={'status' in message ? message.status : 'sent'}
        >
          <span className="author">{message.author}</span>
          <time dateTime={new Date(message.sentAt).toISOString()}>
            {new Date(message.sentAt).toLocaleTimeString([], {
              hour: '2-digit',
              minute: '2-digit',
            })}
          </time>
          <p className="text">{message.text}</p>
          {'status' in message && <Delivery message={message} online={connection === 'open'} />}
        </li>
      ))}
      <li ref={end} aria-hidden="true" className="end" />
    </ol>
  );
}

/** Where a message of this tab's outbox is: sending, waiting for the connection, or failed. */
function Delivery({ message, online }: { message: OutgoingMessage; online: boolean }) {
  if (message.status === 'pending') {
    return <span className="delivery">{online ? 'Sending…' : 'Waiting for the connection…'}</span>;
  }
  return (
    <span className="delivery failed" role="alert">
      {message.error ? describe(message.error) : 'Not sent.'}{' '}
      <button type="button" onClick={() => outbox.retry(message.id)}>
        Retry
      </button>
    </span>
  );
}

/** The room's messages, each once, oldest first, then those still on their way. */
function merge(
  received: readonly Message[],
  outgoing: readonly OutgoingMessage[],
  room: string,
): Array<Message | OutgoingMessage> {
  const byId = new Map<string, Message>();
  for (const message of received) byId.set(message.id, message);
  // By time, then id: every tab orders the same messages the same way.
  const sent = [...byId.values()].sort(
    (a, b) => a.sentAt - b.sentAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  // A message the server has stored shows once, as received, even before its send resolves.
  const waiting = outgoing.filter((message) => message.room === room && !byId.has(message.id));
  return [...sent, ...waiting];
}
