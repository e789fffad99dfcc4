import { EventEmitter, on } from 'node:events';
import type { Message } from '../contract.js';

/** Messages kept per room for history. */
const HISTORY_SIZE = 100;

/**
 * The chat's rooms in this process's memory: history, live messages and presence. Events go
 * through an EventEmitter so a shared pub/sub (e.g. Redis) can replace it without touching the
 * handlers.
 */
export class ChatRooms {
  readonly #events = new EventEmitter().setMaxListeners(0);
  readonly #history = new Map<string, Message[]>();
  /** Who is in each room, counting each person's connections. */
  readonly #present = new Map<string, Map<string, number>>();
  #nextId = 1;
  /** Ids are unique across restarts too, so a page that lived through one never mixes messages up. */
  readonly #instance = Math.random().toString(36).slice(2, 8);

  constructor(readonly names: readonly string[]) {
    for (const name of names) this.#history.set(name, []);
  }

  /** Whether a room exists. */
  has(room: string): boolean {
    return this.#history.has(room);
  }

  /** The latest messages of a room, oldest first. */
  history(room: string): Message[] {
    return [...(this.#history.get(room) ?? [])];
  }

  /** Stores and broadcasts a message. */
  post(room: string, author: string, text: string): Message {
    const message: Message = {
      id: `${this.#instance}-${this.#nextId++}`,
      room,
      author,
      text,
      sentAt: Date.now(),
    };
    const history = this.#history.get(room);
    if (history) {
      history.push(message);
      if (history.length > HISTORY_SIZE) history.shift();
    }
    this.#events.emit(`message:${room}`, message);
    return message;
  }

  /** New messages of a room until `signal` aborts. */
  async *messages(room: string, signal: AbortSignal): AsyncGenerator<Message> {
    try {
      for await (const [message] of on(this.#events, `message:${room}`, { signal })) {
        yield message as Message;
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  }

  /** Number of people in a room. */
  onlineCount(room: string): number {
    return this.#present.get(room)?.size ?? 0;
  }

  /**
   * Marks `user` present in `room` until `signal` aborts, yielding the room's member list now and
   * on every change.
   */
  async *presence(room: string, user: string, signal: AbortSignal): AsyncGenerator<string[]> {
    this.#join(room, user);
    const changes = on(this.#events, `presence:${room}`, { signal });
    try {
      yield this.#members(room);
      for await (const _ of changes) yield this.#members(room);
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      this.#leave(room, user);
    }
  }

  #members(room: string): string[] {
    return [...(this.#present.get(room)?.keys() ?? [])].sort();
  }

  #join(room: string, user: string): void {
    let people = this.#present.get(room);
    if (!people) {
      people = new Map();
      this.#present.set(room, people);
    }
    people.set(user, (people.get(user) ?? 0) + 1);
    this.#events.emit(`presence:${room}`);
  }

  #leave(room: string, user: string): void {
    const people = this.#present.get(room);
    const count = people?.get(user) ?? 0;
    if (count > 1) people?.set(user, count - 1);
    else people?.delete(user);
    this.#events.emit(`presence:${room}`);
  }
}
