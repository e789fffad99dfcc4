import { isRpcError, type RpcError } from '@wirecall/client';
import { type FormEvent, useState } from 'react';
import { MAX_MESSAGE_LENGTH } from '../../contract.js';
import { client } from '../client.js';
import { outbox } from '../outbox.js';

/** What to tell the user about a refused send; every code of `chat.send` is typed. */
export function describe(error: RpcError): string {
  if (isRpcError(error, 'MESSAGE_TOO_LONG', client.chat.send)) {
    return `Message too long: ${error.data.length} characters, the limit is ${error.data.max}.`;
  }
  if (isRpcError(error, 'MESSAGE_EMPTY', client.chat.send)) return 'Type something first.';
  if (isRpcError(error, 'ROOM_NOT_FOUND', client.chat.send))
    return `There is no room "${error.data.room}".`;
  if (isRpcError(error, 'RATE_LIMITED'))
    return `Slow down: you can send again in ${Math.ceil(error.data.retryAfterMs / 1000)} s.`;
  if (isRpcError(error, 'BAD_INPUT'))
    return error.data.issues.map((issue) => issue.message).join('; ');
  return `Not sent: ${error.message}`;
}

/**
 * The message box. Sending never waits on the connection: the message goes to the outbox and
 * shows in the room as pending until the server has it (see `outbox.ts`). A message the server
 * refuses comes back into the box, with the reason.
 */
export function Composer({
  room,
  onType,
  onSend,
}: {
  room: string;
  /** A keystroke in the box: this person is typing. */
  onType: () => void;
  /** The message went (or the box was emptied): no longer typing. */
  onSend: () => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<RpcError>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    const sent = text;
    setText('');
    onSend();
    setError(undefined);
    void outbox.send(room, sent).then((refusal) => {
      if (!refusal) return;
      setError(refusal);
      setText((current) => current || sent);
    });
  };
  const length = text.trim().length;
  return (
    <form className="composer" onSubmit={onSubmit}>
      <div className="row">
        <input
          aria-label="Message"
          placeholder={`Message #${room}`}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setError(undefined);
            if (event.target.value.trim()) onType();
            else onSend();
          }}
        />
        <button type="submit">Send</button>
      </div>
      <div className="hint">
        {error ? (
          <p className="error" role="alert" data-testid="send-error" data-code={error.code}>
            {describe(error)}
          </p>
        ) : (
          <span />
        )}
        <span className={length > MAX_MESSAGE_LENGTH ? 'counter over' : 'counter'}>
          {length}/{MAX_MESSAGE_LENGTH}
        </span>
      </div>
    </form>
  );
}
