import type { Message } from '../../contract.js';

/** Messages kept per room and shown as its history. */
export const HISTORY_SIZE = 200;

/** A message with its place in its room: `seq` grows with every message stored in the room. */
export interface StoredMessage {
  readonly seq: number;
  readonly message: Message;
}

/**
 * Where the chat keeps its messages, so that history outlives the server process. `append` is
 * idempotent by message id: appending an id that is already stored changes nothing and returns
 * the stored message, which is what makes a send retried across a server restart land once.
 */
export interface MessageStore {
  /**
   * Stores `message` unless one with its id is already stored, and commits before resolving.
   * @returns the stored message, and whether this call stored it
   */
  append(message: Message): Promise<StoredMessage & { created: boolean }>;
  /** The latest `limit` messages of a room, oldest first. */
  history(room: string, limit?: number): Promise<StoredMessage[]>;
  /** Up to `limit` messages of a room stored after `seq`, oldest first: what a resume missed. */
  after(room: string, seq: number, limit?: number): Promise<StoredMessage[]>;
  /** Releases the store's file or connection. */
  close(): Promise<void>;
}
