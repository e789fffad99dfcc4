import type {
  InputOf,
  PresenceDefinition,
  PresenceMember,
  StateInputOf,
  StateOf,
} from '@wirecall/core';
import type { PresenceHandle } from '../handles.js';
import { hashInput } from '../observers/hashInput.js';
import type { PresenceRoom } from './PresenceRoom.js';

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * A presence room for a UI: joins when its first listener subscribes and leaves when its last
 * one goes (a tick later, so a remount does not leave and rejoin); `setInput` moves to another
 * room, `setState` shares a new state (skipped when equal by value). `getSnapshot` returns the
 * same array until the members change, as `useSyncExternalStore` needs.
 * @example
 * const observer = new PresenceObserver(client.chat.online, { room: 'a' }, { name: 'Ada' });
 * const stop = observer.subscribe(() => render(observer.getSnapshot()));
 */
export class PresenceObserver<TProcedure extends PresenceDefinition> {
  readonly #handle: PresenceHandle<TProcedure>;
  #input: InputOf<TProcedure>;
  #inputHash: string;
  #state: StateInputOf<TProcedure>;
  #stateHash: string;
  #room: PresenceRoom<StateOf<TProcedure>, StateInputOf<TProcedure>> | undefined;
  #stopRoom: (() => void) | undefined;
  readonly #listeners = new Set<() => void>();
  #leaving: ReturnType<typeof setTimeout> | undefined;

  constructor(
    handle: PresenceHandle<TProcedure>,
    input: InputOf<TProcedure>,
    state: StateInputOf<TProcedure>,
  ) {
    this.#handle = handle;
    this.#input = input;
    this.#inputHash = hashInput(input);
    this.#state = state;
    this.#stateHash = hashInput(state);
  }

  /** Listens to member changes; the first listener joins the room. Returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    clearTimeout(this.#leaving);
    this.#leaving = undefined;
    if (!this.#room) this.#join();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size > 0) return;
      this.#leaving = setTimeout(() => {
        this.#leaving = undefined;
        if (this.#listeners.size === 0) this.#leave();
      }, 0);
    };
  };

  /** The members now (empty before the join's list arrives). */
  getSnapshot = (): readonly PresenceMember<StateOf<TProcedure>>[] =>
    this.#room?.members() ?? EMPTY;

  /** Moves to the room `input` names, if it is another one by value. */
  setInput(input: InputOf<TProcedure>): void {
    const hash = hashInput(input);
    if (hash === this.#inputHash) return;
    this.#input = input;
    this.#inputHash = hash;
    if (!this.#room) return;
    this.#leave();
    this.#join();
    this.#notify();
  }

  /** Shares a new state, if it differs by value from the last one. */
  setState(state: StateInputOf<TProcedure>): void {
    const hash = hashInput(state);
    if (hash === this.#stateHash) return;
    this.#state = state;
    this.#stateHash = hash;
    this.#room?.update(state).catch(() => {});
  }

  #join(): void {
    const room = this.#handle.join(this.#input, this.#state);
    this.#room = room;
    this.#stopRoom = room.subscribe(() => this.#notify());
  }

  #leave(): void {
    this.#stopRoom?.();
    this.#room?.leave();
    this.#room = undefined;
    this.#stopRoom = undefined;
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
