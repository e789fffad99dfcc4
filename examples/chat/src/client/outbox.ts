import { isRpcError, type RpcError } from '@wirecall/client';
import { useSyncExternalStore } from 'react';
import type { Message } from '../contract.js';
import { client, me } from './client.js';

/** A message this tab sent that the server has not confirmed yet. */
export interface OutgoingMessage extends Message {
  /** `pending` until the server stores it (waiting for the connection if need be); `failed` when it gave up. */
  readonly status: 'pending' | 'failed';
  /** Why it failed. */
  readonly error?: RpcError;
}

/** A random id; `crypto.randomUUID` exists only on secure pages (https or localhost). */
function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Errors that are about the message itself (sending it again would fail the same way), or that
 * ask the person to wait (`RATE_LIMITED`): the message goes back into the box, with the reason.
 */
function isRefusal(error: unknown): boolean {
  return (
    isRpcError(error, 'RATE_LIMITED') ||
    isRpcError(error, 'MESSAGE_TOO_LONG') ||
    isRpcError(error, 'MESSAGE_EMPTY') ||
    isRpcError(error, 'ROOM_NOT_FOUND') ||
    isRpcError(error, 'BAD_INPUT')
  );
}

/**
 * The messages this tab is sending. Each gets its id here, before it is sent, so the server
 * stores it once however often it is sent: the client re-sends a mutation cut off by a dropped
 * connection (with its idempotency key), and a retry from the user reuses the id as well.
 * Sends wait for the connection as long as it takes (no timeout): while it is down, the message
 * shows as pending, and it is delivered when the connection is back.
 */
class Outbox {
  #items: readonly OutgoingMessage[] = [];
  readonly #listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getSnapshot = (): readonly OutgoingMessage[] => this.#items;

  /**
   * Sends a message. Resolves once the server has stored it, or with the server's typed error
   * when it refuses the message (too long, empty, no such room), which is then dropped. Other
   * failures keep it in the outbox as `failed`, to be retried.
   */
  send(room: string, text: string): Promise<RpcError | undefined> {
    const message: OutgoingMessage = {
      id: newId(),
      room,
      author: me,
      text: text.trim(),
      sentAt: Date.now(),
      status: 'pending',
    };
    this.#set([...this.#items, message]);
    return this.#deliver(message);
  }

  /** Sends a failed message again, under the same id. */
  retry(id: string): void {
    const message = this.#items.find((item) => item.id === id);
    if (message?.status !== 'failed') return;
    const { error: _error, ...rest } = message;
    const pending: OutgoingMessage = { ...rest, status: 'pending' };
    this.#replace(pending);
    void this.#deliver(pending);
  }

  async #deliver(message: OutgoingMessage): Promise<RpcError | undefined> {
    try {
      await client.chat.send(
        { room: message.room, text: message.text, id: message.id },
        { timeoutMs: Number.POSITIVE_INFINITY },
      );
      this.#remove(message.id);
      return undefined;
    } catch (error) {
      if (isRefusal(error)) {
        this.#remove(message.id);
        return error as RpcError;
      }
      this.#replace({ ...message, status: 'failed', error: error as RpcError });
      return undefined;
    }
  }

  #replace(message: OutgoingMessage): void {
    this.#set(this.#items.map((item) => (item.id === message.id ? message : item)));
  }

  #remove(id: string): void {
    this.#set(this.#items.filter((item) => item.id !== id));
  }

  #set(items: readonly OutgoingMessage[]): void {
    this.#items = items;
    for (const listener of this.#listeners) listener();
  }
}

/** The page's one outbox. */
export const outbox = new Outbox();

/** The messages this tab is still sending. */
export function useOutbox(): readonly OutgoingMessage[] {
  return useSyncExternalStore(outbox.subscribe, outbox.getSnapshot, outbox.getSnapshot);
}
