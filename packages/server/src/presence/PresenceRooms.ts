import { ErrorCode, RpcError } from '@wirecall/core';
import type { PresenceDiff, PresenceWireMember } from '@wirecall/core/internal';
import type { OperationHost } from '../connection/operationHost.js';
import type { PresenceSettings } from './presenceOptions.js';
import type { PresenceStore } from './presenceStore.js';
import { RoomView } from './RoomView.js';
import { UpdateBudget } from './UpdateBudget.js';

/** What a join needs from the connection and request that make it. */
export interface JoinRequest {
  readonly host: OperationHost;
  readonly path: string;
  readonly room: string;
  readonly entryKey: string;
  readonly member: string;
  readonly state: unknown;
  readonly signal: AbortSignal;
}

/** Close codes of a connection that ended on purpose (`client.close()`, a closed tab): leave at once. */
const CLEAN_CLOSES: ReadonlySet<number | undefined> = new Set([1000, 1001]);

/**
 * The presence rooms of one server: one {@link RoomView} per room with members here, shared by
 * them; joins and updates checked against the limits; leaves at once or after the grace period.
 */
export class PresenceRooms {
  readonly store: PresenceStore;
  readonly settings: PresenceSettings;
  readonly #views = new Map<string, RoomView>();
  /** Entries of dropped connections, removed when their grace period ends unless rejoined. */
  readonly #graceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The state each local entry last set, to drop updates that change nothing. */
  readonly #states = new Map<string, string>();
  readonly #budget: UpdateBudget;
  #closing = false;

  constructor(store: PresenceStore, settings: PresenceSettings) {
    this.store = store;
    this.settings = settings;
    this.#budget = new UpdateBudget(settings.maxUpdatesPerSecond, settings.maxRoomUpdatesPerSecond);
  }

  /**
   * Joins a room and yields its diffs: first every member (the joiner included), then changes.
   * Ends when `signal` aborts, leaving the room at once or after the grace period.
   */
  async *join(
    request: JoinRequest,
    queue: AsyncIterable<PresenceDiff> & { push(diff: PresenceDiff): void },
  ): AsyncGenerator<PresenceDiff> {
    const { room, entryKey } = request;
    const timerKey = `${room}\n${entryKey}`;
    const view = this.#view(room);
    let stop: (() => void) | undefined;
    let joined = false;
    try {
      await view.ready;
      const seq = await this.store.set(
        room,
        { key: entryKey, member: request.member, state: request.state },
        this.settings.maxMembersPerRoom,
      );
      if (seq === 'full') {
        const max = this.settings.maxMembersPerRoom;
        throw new RpcError(
          ErrorCode.LIMIT_EXCEEDED,
          { limit: 'maxMembersPerRoom', max },
          { message: `Room of "${request.path}" has ${max} members already` },
        );
      }
      joined = true;
      // A rejoin within the grace period takes the entry back: no leave, no flicker.
      clearTimeout(this.#graceTimers.get(timerKey));
      this.#graceTimers.delete(timerKey);
      this.#states.set(timerKey, JSON.stringify(request.state));
      await view.seen(seq);
      if (request.signal.aborted) return;
      // The snapshot and the listener start together: no diff is lost between them.
      queue.push({ reset: true, set: view.snapshot() });
      stop = view.listen((diff) => queue.push(diff));
      yield* queue;
    } finally {
      stop?.();
      if (joined) this.#leave(request, timerKey);
      this.#release(room, view);
    }
  }

  /** Changes the state of a connection's entry in a room it joined. */
  async update(room: string, entryKey: string, state: unknown, path: string): Promise<void> {
    const timerKey = `${room}\n${entryKey}`;
    const view = this.#views.get(room);
    const entry = view?.entry(entryKey);
    const last = this.#states.get(timerKey);
    if (!view || !entry || last === undefined) {
      throw new RpcError(ErrorCode.NOT_FOUND, undefined, {
        message: `Not a member of this room of "${path}": join it first`,
      });
    }
    const json = JSON.stringify(state);
    // An update that changes nothing costs every member an event for nothing: dropped here,
    // before it counts against the limits.
    if (json === last) return;
    this.#budget.take(room, timerKey, path);
    this.#states.set(timerKey, json);
    await this.store.set(room, { ...entry, state }, Number.MAX_SAFE_INTEGER);
  }

  /** Sends an event to every member of a room, on every instance. */
  publish(room: string, event: unknown): Promise<void> {
    return this.store.publish(room, event);
  }

  /** Every member of a room now, as the store has it. */
  async members(room: string): Promise<PresenceWireMember[]> {
    const view = this.#views.get(room);
    if (view) {
      await view.ready;
      return view.members();
    }
    const snapshot = await this.store.snapshot(room);
    const newest = new Map<string, unknown>();
    for (const entry of snapshot.entries) newest.set(entry.member, entry.state);
    return [...newest].map(([id, state]) => ({ id, state }));
  }

  /** The server is closing: leaves per `leaveOnShutdown`, then closes the store. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    for (const timer of this.#graceTimers.values()) clearTimeout(timer);
    this.#graceTimers.clear();
    for (const view of this.#views.values()) view.close();
    this.#views.clear();
    await this.store.close({ leave: this.settings.leaveOnShutdown });
  }

  #leave(request: JoinRequest, timerKey: string): void {
    const { room, entryKey } = request;
    // Shutting down: the store decides (leaveOnShutdown), so clients can rejoin elsewhere.
    if (this.#closing) return;
    const reason: unknown = request.signal.reason;
    const unsubscribed = reason instanceof RpcError && reason.code === ErrorCode.CANCELLED;
    const remove = () => {
      this.#graceTimers.delete(timerKey);
      this.#states.delete(timerKey);
      this.#budget.forget(timerKey);
      this.store
        .remove(room, entryKey)
        .catch((error: unknown) => request.host.report(error, { path: request.path }));
    };
    if (unsubscribed || CLEAN_CLOSES.has(request.host.closeCode) || this.settings.graceMs === 0) {
      remove();
      return;
    }
    clearTimeout(this.#graceTimers.get(timerKey));
    const timer = setTimeout(remove, this.settings.graceMs);
    timer.unref?.();
    this.#graceTimers.set(timerKey, timer);
  }

  #view(room: string): RoomView {
    let view = this.#views.get(room);
    if (!view) {
      view = new RoomView(this.store, room, this.settings.throttleMs, this.settings.sweepMs);
      this.#views.set(room, view);
    }
    view.holds++;
    return view;
  }

  #release(room: string, view: RoomView): void {
    view.holds--;
    if (view.holds > 0 || this.#views.get(room) !== view) return;
    this.#views.delete(room);
    view.close();
  }
}
