import { randomUUID } from 'node:crypto';
import { EventEmitter, on } from 'node:events';
import { type Tracked, tracked } from '@wirecall/server';
import type { Message } from '../contract.js';
import type { MessageStore, StoredMessage } from './store/MessageStore.js';

/**
 * The chat's rooms: messages kept in a {@link MessageStore} (so history survives a restart) and
 * live messages in this process. Events go through an EventEmitter so a shared pub/sub (e.g.
 * Redis) can replace it without touching the handlers. Who is online is wirecall presence
 * (`chat.online` in the contract), not kept here.
 */
export class ChatRooms {
  readonly #events = new EventEmitter().setMaxListeners(0);
  readonly #names: ReadonlySet<string>;

  constructor(
    readonly names: readonly string[],
    readonly store: MessageStore,
  ) {
    this.#names = new Set(names);
  }

  /** Whether a room exists. */
  has(room: string): boolean {
    return this.#names.has(room);
  }

  /** The latest messages of a room, oldest first. */
  async history(room: string): Promise<Message[]> {
    return (await this.store.history(room)).map(({ message }) => message);
  }

  /**
   * Stores and broadcasts a message. A message whose id is already stored (a send retried
   * after its answer was lost) is not stored or broadcast again: the stored one is returned.
   */
  async post(room: string, author: string, text: string, id?: string): Promise<Message> {
    const candidate = { id: id ?? randomUUID(), room, author, text, sentAt: Date.now() };
    const stored = await this.store.append(candidate);
    if (!stored.created && (stored.message.room !== room || stored.message.author !== author)) {
      // Someone else's id: not a retry of this send, so store it under an id of its own.
      return this.post(room, author, text);
    }
    if (stored.created) this.#events.emit(`message:${room}`, stored);
    return stored.message;
  }

  /**
   * A room's messages as a resumable stream: after `lastEventId` (a seq), or the latest history
   * when there is none, then new messages live, until `signal` aborts.
   */
  async *messages(
    room: string,
    lastEventId: string | undefined,
    signal: AbortSignal,
  ): AsyncGenerator<Tracked<Message>> {
    // Listen before reading the store, so a message stored in between is not missed.
    const live = on(this.#events, `message:${room}`, { signal });
    const cursor = lastEventId === undefined ? Number.NaN : Number(lastEventId);
    const backlog = Number.isSafeInteger(cursor)
      ? await this.store.after(room, cursor)
      : await this.store.history(room);
    let last = Number.isSafeInteger(cursor) ? cursor : 0;
    try {
      for (const { seq, message } of backlog) {
        last = seq;
        yield tracked(String(seq), message);
      }
      for await (const [event] of live) {
        const { seq, message } = event as StoredMessage;
        // Already sent from the backlog.
        if (seq <= last) continue;
        last = seq;
        yield tracked(String(seq), message);
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  }
}
