import { ErrorCode, type PresenceMember, type RpcError } from '@wirecall/core';
import type { PresenceDiff, PresenceJoinInput } from '@wirecall/core/internal';
import type { ClientRuntime } from '../ClientRuntime.js';
import type { Subscription } from '../operations/Subscription.js';
import { createSessionId } from '../sessionId.js';

/** Where a room handle is: joining, in the room, rejoining after a drop, or left (or failed). */
export type PresenceRoomStatus = 'joining' | 'joined' | 'rejoining' | 'left' | 'error';

type Listener<TState> = (members: readonly PresenceMember<TState>[]) => void;
type EventListener<TEvent> = (event: TEvent) => void;

function report(error: unknown): void {
  // A listener's bug must not stop the others, nor the room.
  queueMicrotask(() => {
    throw error;
  });
}

/**
 * One client's place in a presence room, made by `client.<path>.join(input, state)`: the room's
 * members (this client included) kept up to date from the server's diffs, the client's own state,
 * and the leave. Rejoins by itself after a reconnect, with its latest state and the same entry,
 * so it stays the same member and nobody sees it leave.
 */
export class PresenceRoom<TState, TStateInput = TState, TEvent = unknown> {
  readonly #runtime: ClientRuntime;
  readonly #path: string;
  /** What the join sends; its `state` follows `update`, so a rejoin carries the latest. */
  readonly #wire: { input?: unknown; state: unknown; entry: string };
  readonly #listeners = new Set<Listener<TState>>();
  /** Typed by `onEvent`; kept apart from `TEvent` so rooms of any event type assign alike. */
  readonly #eventListeners = new Set<EventListener<never>>();
  #members = new Map<string, PresenceMember<TState>>();
  /** The members as one frozen array, made when first asked for after a change. */
  #snapshot: readonly PresenceMember<TState>[] | undefined = Object.freeze([]);
  #subscription: Subscription<PresenceDiff> | undefined;
  #status: PresenceRoomStatus = 'joining';
  #error: RpcError | undefined;
  /** An update is on its way: later ones wait for it and only the latest goes next. */
  #updating: Promise<void> | undefined;
  /** `update` was called since the state last reached the server. */
  #dirty = false;

  /** @internal Made by a presence handle's `join`. */
  constructor(runtime: ClientRuntime, path: string, input: unknown, state: TStateInput) {
    this.#runtime = runtime;
    this.#path = path;
    // Unique per join and kept across reconnects: how the server knows a rejoin for the same entry.
    this.#wire = { state, entry: createSessionId().slice(0, 36) };
    if (input !== undefined) this.#wire.input = input;
    this.#join();
  }

  /** Every member of the room now, this client included; the same array until the next change. */
  members(): readonly PresenceMember<TState>[] {
    this.#snapshot ??= Object.freeze([...this.#members.values()]);
    return this.#snapshot;
  }

  /** Where the handle is. */
  get status(): PresenceRoomStatus {
    return this.#status;
  }

  /** Why the handle failed (`status` is `error`): a refused join, a bad state, a full room. */
  get error(): RpcError | undefined {
    return this.#error;
  }

  /**
   * Calls `listener` with the members on every change. Returns the function that stops it.
   * @example
   * const stop = room.subscribe((members) => render(members));
   */
  subscribe(listener: Listener<TState>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Calls `listener` with every event server code publishes to the room
   * (`server.presence(procedure).publish`) while this client is in it. Returns the function that
   * stops it.
   * @example
   * const stop = room.onEvent((event) => toast(event.text));
   */
  onEvent(listener: EventListener<TEvent>): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /**
   * Shares a new state with the room. Updates in a burst are coalesced: while one is on its way
   * only the latest waits. Past the server's update limit (`RATE_LIMITED`) the latest state is
   * sent again once the server allows it. Resolves once the server took it (or a later one);
   * rejects with `BAD_INPUT` for a state the contract refuses.
   */
  update(state: TStateInput): Promise<void> {
    if (this.#status === 'left' || this.#status === 'error') return Promise.resolve();
    this.#wire.state = state;
    this.#dirty = true;
    if (this.#status !== 'joined') return Promise.resolve();
    return this.#flush();
  }

  /** Leaves the room at once; the handle is done. */
  leave(): void {
    if (this.#status === 'left') return;
    this.#status = 'left';
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
  }

  #join(): void {
    const input: PresenceJoinInput = this.#wire;
    this.#subscription = this.#runtime.subscribe<PresenceDiff, RpcError>(
      this.#path,
      input,
      {
        onData: (diff) => this.#apply(diff),
        onError: (error) => this.#failed(error),
        onStatusChange: (status) => {
          if (status === 'reconnecting' && this.#status === 'joined') this.#status = 'rejoining';
        },
      },
      // Diffs cannot be dropped: a member that falls behind fails and joins afresh.
      { overflow: 'buffer' },
    );
  }

  #failed(error: RpcError): void {
    if (this.#status === 'left') return;
    // Too slow for the room's diffs: the server let go; a fresh join brings a fresh snapshot.
    if (error.code === ErrorCode.SLOW_CONSUMER) {
      this.#status = 'rejoining';
      this.#join();
      return;
    }
    this.#status = 'error';
    this.#error = error;
    this.#members = new Map();
    this.#publish();
  }

  #apply(diff: PresenceDiff): void {
    if (this.#status === 'left') return;
    if (Object.hasOwn(diff, 'event')) {
      for (const listener of [...this.#eventListeners]) {
        try {
          listener(diff.event as never);
        } catch (error) {
          report(error);
        }
      }
      return;
    }
    if (diff.reset) {
      this.#members = new Map();
      if (this.#status !== 'joined') {
        this.#status = 'joined';
        // The state changed while the join (or rejoin) was on its way: send the latest.
        if (this.#dirty) void this.#flush().catch(() => {});
      }
    }
    for (const member of diff.set ?? [])
      this.#members.set(member.id, member as PresenceMember<TState>);
    for (const id of diff.remove ?? []) this.#members.delete(id);
    this.#publish();
  }

  #publish(): void {
    // A room nobody listens to (a big room read now and then) copies its members only when read.
    this.#snapshot = undefined;
    if (this.#listeners.size === 0) return;
    const members = this.members();
    for (const listener of [...this.#listeners]) {
      try {
        listener(members);
      } catch (error) {
        report(error);
      }
    }
  }

  /** Sends the latest state, one update at a time. */
  #flush(): Promise<void> {
    if (this.#updating) {
      const after = this.#updating.then(
        () => undefined,
        () => undefined,
      );
      return after.then(() =>
        this.#dirty && this.#status === 'joined' ? this.#flush() : undefined,
      );
    }
    this.#dirty = false;
    const sending = this.#runtime
      .call(this.#path, { ...this.#wire }, {})
      .then(
        () => undefined,
        (error: RpcError) => {
          // Past the server's update limit: the latest state goes again once it is allowed, so
          // a burst is coalesced, never lost.
          if (error.code !== ErrorCode.RATE_LIMITED) throw error;
          this.#dirty = true;
          const data = error.data as { retryAfterMs?: unknown } | undefined;
          const wait = typeof data?.retryAfterMs === 'number' ? data.retryAfterMs : 100;
          return new Promise<void>((resolve) => {
            this.#runtime.timers.setTimeout(resolve, Math.min(Math.max(wait, 1), 60_000));
          });
        },
      )
      .finally(() => {
        if (this.#updating === sending) this.#updating = undefined;
      });
    this.#updating = sending;
    // A later state (or one refused for the rate) goes next, while the room is joined; a rejoin
    // carries the latest state anyway.
    return sending.then(() =>
      this.#dirty && this.#status === 'joined' ? this.#flush() : undefined,
    );
  }
}
