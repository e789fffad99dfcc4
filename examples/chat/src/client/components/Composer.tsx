import { isRpcError, type RpcError } from '@wirecall/client';
import { useMutation } from '@wirecall/react';
import { type FormEvent, useState } from 'react';
import { MAX_MESSAGE_LENGTH } from '../../contract.js';
import { client } from '../client.js';

/** What to tell the user about a failed send; every code of `chat.send` is typed. */
function describe(error: RpcError): string {
  if (isRpcError(error, 'MESSAGE_TOO_LONG', client.chat.send)) {
    return `Message too long: ${error.data.length} characters, the limit is ${error.data.max}.`;
  }
  if (isRpcError(error, 'MESSAGE_EMPTY', client.chat.send)) return 'Type something first.';
  if (isRpcError(error, 'ROOM_NOT_FOUND', client.chat.send))
    return `There is no room "${error.data.room}".`;
  if (isRpcError(error, 'BAD_INPUT'))
    return error.data.issues.map((issue) => issue.message).join('; ');
  if (isRpcError(error, 'TIMEOUT') || isRpcError(error, 'OFFLINE')) {
    return 'Not sent: the connection is down. Try again in a moment.';
  }
  return `Not sent: ${error.message}`;
}

/** The message box: sends with a mutation and shows its typed errors. */
export function Composer({ room }: { room: string }) {
  const [text, setText] = useState('');
  const send = useMutation(client.chat.send);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate({ room, text }, { onSuccess: () => setText('') });
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
            if (send.status === 'error') send.reset();
          }}
        />
        <button type="submit" disabled={send.status === 'pending'}>
          Send
        </button>
      </div>
      <div className="hint">
        {send.error ? (
          <p className="error" role="alert" data-testid="send-error" data-code={send.error.code}>
            {describe(send.error)}
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
