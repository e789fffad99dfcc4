import {
  type ClientMessage,
  CloseCode,
  type Codec,
  ErrorCode,
  type Frame,
  type Message,
  RpcError,
  type ServerMessage,
} from '@wirecall/core';
import { isBatch, parseClientFrame } from '@wirecall/core/internal';
import type { ServerSocket } from '@wirecall/server';
import { frameOf, messagesOf, recordDelivery } from './attachmentFrames.js';
import {
  type ConnectionAttachment,
  encodeAttachment,
  fitsAttachment,
  storedSubscription,
} from './connectionAttachment.js';
import type { HibernatableWebSocket } from './workersTypes.js';

/** The most credit a subscription can hold, as the protocol caps it. */
const MAX_CREDIT = 2 ** 31 - 1;

/**
 * A hibernatable workerd WebSocket as the server's {@link ServerSocket}. It watches the frames
 * both ways to keep the socket's attachment current (the `hello`, each running subscription with
 * its cursor and credit), so the connection can be rebuilt after the object wakes up; and while
 * it is rebuilt it swallows what the client has been told already (`welcome`, `subscribed`).
 * workerd has no `bufferedAmount`: it is always 0, and credit is the only flow control.
 */
export class HibernatingSocket implements ServerSocket {
  readonly #ws: HibernatableWebSocket;
  readonly #codec: Codec;
  readonly #maxBytes: number;
  #attachment: ConnectionAttachment;
  #onMessage: ((frame: Frame) => void) | undefined;
  #onClose: ((code: number, reason: string) => void) | undefined;
  #closed = false;
  /** While rebuilding: the subscriptions not yet told `subscribed`, and who waits for them. */
  #restoring: { welcomed: boolean; pending: Set<number>; done: () => void } | undefined;
  readonly bufferedAmount = 0;

  constructor(
    ws: HibernatableWebSocket,
    attachment: ConnectionAttachment,
    codec: Codec,
    maxBytes: number,
  ) {
    this.#ws = ws;
    this.#attachment = attachment;
    this.#codec = codec;
    this.#maxBytes = maxBytes;
  }

  get protocol(): string {
    return this.#attachment.protocol;
  }

  /** Writes the attachment as it stands now. */
  persist(): void {
    try {
      this.#ws.serializeAttachment(encodeAttachment(this.#attachment).text);
    } catch {
      // Only past the runtime's hard limit, which `fitsAttachment` keeps us under.
      this.close(CloseCode.INTERNAL_ERROR, 'Connection state exceeds the socket attachment');
    }
  }

  send(frame: Frame): void {
    if (this.#closed) return;
    const out = this.#watchOutgoing(frame);
    if (out === undefined) return;
    try {
      this.#ws.send(out);
    } catch {
      // The socket closed under us: its close event follows.
    }
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#endRestore();
    try {
      this.#ws.close(code, reason);
    } catch {
      // Already closing.
    }
  }

  onMessage(listener: (frame: Frame) => void): void {
    this.#onMessage = listener;
  }

  onClose(listener: (code: number, reason: string) => void): void {
    this.#onClose = listener;
  }

  /** A message from the client (`webSocketMessage`). */
  receive(frame: Frame): void {
    if (this.#closed) return;
    const kept = this.#watchIncoming(frame);
    if (kept !== undefined) this.#onMessage?.(kept);
  }

  /** The socket closed (`webSocketClose`, `webSocketError`). */
  closed(code: number, reason: string): void {
    this.#closed = true;
    this.#endRestore();
    const listener = this.#onClose;
    this.#onClose = undefined;
    listener?.(code, reason);
  }

  /**
   * Rebuilds the connection after a wake-up: replays the stored `hello` and, once welcomed, the
   * stored subscriptions from their cursors and with their credit. Resolves when every one of
   * them is running again (or ended), so nothing is published before they listen.
   */
  restore(): Promise<void> {
    const { hello, subs } = this.#attachment;
    const ids = Object.keys(subs).map(Number);
    return new Promise<void>((resolve) => {
      // The hub refused the socket (it closed it), or there is nothing to rebuild.
      if (this.#closed || !this.#onMessage) return resolve();
      this.#restoring = { welcomed: false, pending: new Set(ids), done: resolve };
      this.#onMessage(this.#codec.encode({ type: 'hello', ...hello }));
    });
  }

  /** The socket closed while being rebuilt: whoever waits for it goes on. */
  #endRestore(): void {
    const restoring = this.#restoring;
    this.#restoring = undefined;
    restoring?.done();
  }

  #welcomed(): void {
    const restoring = this.#restoring;
    if (!restoring) return;
    restoring.welcomed = true;
    for (const [id, sub] of Object.entries(this.#attachment.subs)) {
      this.#onMessage?.(this.#codec.encode({ type: 'subscribe', id: Number(id), ...sub }));
    }
    this.#settleRestore();
  }

  #settleRestore(): void {
    const restoring = this.#restoring;
    if (!restoring?.welcomed || restoring.pending.size > 0) return;
    this.#restoring = undefined;
    restoring.done();
  }

  /** Tracks what the server sends; returns the frame to send, or undefined to send nothing. */
  #watchOutgoing(frame: Frame): Frame | undefined {
    const messages = messagesOf(this.#codec, frame);
    if (!messages) return frame;
    const restoring = this.#restoring;
    let changed = false;
    let dropped = false;
    const kept: Message[] = [];
    for (const message of messages as ServerMessage[]) {
      if (restoring && message.type === 'welcome') {
        dropped = true;
        queueMicrotask(() => this.#welcomed());
        continue;
      }
      if (message.type === 'subscribed' && restoring?.pending.delete(message.id)) {
        dropped = true;
        this.#settleRestore();
        continue;
      }
      if (recordDelivery(this.#attachment.subs, message)) changed = true;
      if (
        (message.type === 'complete' || message.type === 'error') &&
        restoring?.pending.delete(message.id)
      ) {
        this.#settleRestore();
      }
      kept.push(message);
    }
    if (changed) this.persist();
    return dropped ? frameOf(this.#codec, kept) : frame;
  }

  /**
   * Tracks what the client sends; returns the frame for the connection core, or undefined when
   * nothing of it is left. A subscription that would not fit the attachment is refused here with
   * `LIMIT_EXCEEDED` (`limit: 'attachmentBytes'`), and connection params that do not fit close the
   * connection with 4400: state the object cannot keep would be lost at its next hibernation.
   */
  #watchIncoming(frame: Frame): Frame | undefined {
    let parsed: ClientMessage | readonly ClientMessage[];
    try {
      parsed = parseClientFrame(this.#codec.decode(frame));
    } catch {
      return frame; // The core closes the connection and says why.
    }
    const messages = isBatch(parsed) ? parsed : [parsed];
    const subs = this.#attachment.subs;
    let changed = false;
    let refused = false;
    const kept: ClientMessage[] = [];
    for (const message of messages) {
      switch (message.type) {
        case 'hello': {
          const { params, session, batch } = message;
          this.#attachment.hello = {
            ...(params === undefined ? {} : { params }),
            ...(session === undefined ? {} : { session }),
            ...(batch === undefined ? {} : { batch }),
          };
          if (!fitsAttachment(this.#attachment, this.#maxBytes)) {
            this.close(
              CloseCode.PROTOCOL_ERROR,
              `Connection params exceed the ${this.#maxBytes}-byte socket attachment`,
            );
            return undefined;
          }
          changed = true;
          break;
        }
        case 'subscribe': {
          const previous = subs[message.id];
          subs[message.id] = storedSubscription(message);
          if (previous === undefined && !fitsAttachment(this.#attachment, this.#maxBytes)) {
            delete subs[message.id];
            refused = true;
            this.#refuse(message.id);
            continue;
          }
          changed = true;
          break;
        }
        case 'credit': {
          const sub = subs[message.id];
          if (sub?.credit !== undefined) {
            sub.credit = Math.min(MAX_CREDIT, sub.credit + message.credit);
            changed = true;
          }
          break;
        }
        case 'unsubscribe':
          if (subs[message.id]) {
            delete subs[message.id];
            changed = true;
          }
          break;
        default:
          break;
      }
      kept.push(message);
    }
    if (changed) this.persist();
    return refused ? frameOf(this.#codec, kept) : frame;
  }

  #refuse(id: number): void {
    const error = new RpcError(
      ErrorCode.LIMIT_EXCEEDED,
      { limit: 'attachmentBytes', max: this.#maxBytes },
      { message: 'The subscription does not fit in the socket attachment of this connection' },
    );
    this.send(this.#codec.encode({ type: 'error', id, error: error.toJSON() }));
  }
}
