import type { PresenceDiff, PresenceWireMember } from '@wirecall/core/internal';
import type { PresenceChange, PresenceEntry, PresenceStore } from './presenceStore.js';

interface HeldEntry {
  readonly entry: PresenceEntry;
  /** The change that set it: the newest entry of a member gives the member its state. */
  readonly seq: number;
}

/** Gets one room's diffs, each in the order the room saw them. */
export type RoomListener = (diff: PresenceDiff) => void;

/**
 * One room as this instance sees it: the store's snapshot plus every change since, turned into
 * member diffs for the local members. Changes that come in while the snapshot is read are held
 * and applied after it, those it already contains skipped by their `seq`. Changes within
 * `throttleMs` go out as one diff, each member's latest state only.
 */
export class RoomView {
  readonly #store: PresenceStore;
  readonly #room: string;
  readonly #throttleMs: number;
  readonly #entries = new Map<string, HeldEntry>();
  readonly #listeners = new Set<RoomListener>();
  /** Members changed since the last diff went out: set (true) or maybe gone (false). */
  readonly #touched = new Set<string>();
  #held: PresenceChange[] | undefined = [];
  #seq = 0;
  #seqWaiters: Array<{ seq: number; resolve: () => void }> = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sweeper: ReturnType<typeof setInterval> | undefined;
  #unwatch: (() => void) | undefined;
  #closed = false;
  /** The members as last sent, to tell a member's change from a no-op. */
  #sent = new Map<string, string>();
  readonly ready: Promise<void>;
  /** Joins (running or starting) that use this view: it closes when the last one ends. */
  holds = 0;

  constructor(store: PresenceStore, room: string, throttleMs: number, sweepMs: number) {
    this.#store = store;
    this.#room = room;
    this.#throttleMs = throttleMs;
    this.ready = this.#start(sweepMs);
  }

  async #start(sweepMs: number): Promise<void> {
    const unwatch = await this.#store.watch(this.#room, (change) => this.#onChange(change));
    if (this.#closed) {
      unwatch();
      return;
    }
    this.#unwatch = unwatch;
    const snapshot = await this.#store.snapshot(this.#room);
    this.#seq = snapshot.seq;
    for (const entry of snapshot.entries) this.#entries.set(entry.key, { entry, seq: 0 });
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const change of held) this.#apply(change);
    for (const member of this.#members()) this.#sent.set(member.id, JSON.stringify(member.state));
    this.#touched.clear();
    this.#sweeper = setInterval(() => {
      this.#store.snapshot(this.#room).catch(() => {});
    }, sweepMs);
    this.#sweeper.unref?.();
  }

  /** Every member now, the newest entry's state for each. */
  members(): PresenceWireMember[] {
    return this.#members();
  }

  /**
   * The members for a new listener's first list. Sends the throttled diff first, so the list is
   * what every other listener has been told: a member in it that leaves (or changes back) before
   * the throttle ends is then always in the next diff.
   */
  snapshot(): PresenceWireMember[] {
    this.#sendNow();
    return this.#members();
  }

  /** Resolves once the view has seen change `seq` (a join's own change, say). */
  seen(seq: number): Promise<void> {
    if (this.#seq >= seq) return Promise.resolve();
    return new Promise((resolve) => this.#seqWaiters.push({ seq, resolve }));
  }

  /** The entry with this key, if the room has it. */
  entry(key: string): PresenceEntry | undefined {
    return this.#entries.get(key)?.entry;
  }

  listen(listener: RoomListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearInterval(this.#sweeper);
    this.#unwatch?.();
    for (const waiter of this.#seqWaiters.splice(0)) waiter.resolve();
  }

  #onChange(change: PresenceChange): void {
    if (this.#closed) return;
    if ('event' in change) {
      // Nobody listens before the snapshot is in; afterwards the event follows every change
      // the room saw before it, so a throttled diff goes out first.
      if (this.#held) return;
      this.#sendNow();
      const diff: PresenceDiff = { event: change.event };
      for (const listener of [...this.#listeners]) listener(diff);
      return;
    }
    if (this.#held) {
      this.#held.push(change);
      return;
    }
    this.#apply(change);
    this.#schedule();
  }

  #apply(change: PresenceChange): void {
    if ('event' in change || change.seq <= this.#seq) return;
    this.#seq = change.seq;
    if ('set' in change) {
      const previous = this.#entries.get(change.set.key);
      if (previous && previous.entry.member !== change.set.member)
        this.#touched.add(previous.entry.member);
      this.#entries.set(change.set.key, { entry: change.set, seq: change.seq });
      this.#touched.add(change.set.member);
    } else {
      const previous = this.#entries.get(change.remove);
      if (previous) {
        this.#entries.delete(change.remove);
        this.#touched.add(previous.entry.member);
      }
    }
    const waiters = this.#seqWaiters;
    this.#seqWaiters = waiters.filter((waiter) => waiter.seq > this.#seq);
    for (const waiter of waiters) if (waiter.seq <= this.#seq) waiter.resolve();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#touched.size === 0) return;
    if (this.#throttleMs === 0) {
      this.#flush();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, this.#throttleMs);
  }

  #sendNow(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#flush();
  }

  /** Sends the diff of the members touched since the last one to every listener. */
  #flush(): void {
    if (this.#touched.size === 0) return;
    const now = new Map(this.#members().map((member) => [member.id, member]));
    const set: PresenceWireMember[] = [];
    const remove: string[] = [];
    for (const id of this.#touched) {
      const member = now.get(id);
      if (!member) {
        if (this.#sent.delete(id)) remove.push(id);
        continue;
      }
      const json = JSON.stringify(member.state);
      if (this.#sent.get(id) === json) continue;
      this.#sent.set(id, json);
      set.push(member);
    }
    this.#touched.clear();
    if (set.length === 0 && remove.length === 0) return;
    const diff: PresenceDiff = {
      ...(set.length > 0 ? { set } : {}),
      ...(remove.length > 0 ? { remove } : {}),
    };
    for (const listener of [...this.#listeners]) listener(diff);
  }

  #members(): PresenceWireMember[] {
    const newest = new Map<string, HeldEntry>();
    for (const held of this.#entries.values()) {
      const other = newest.get(held.entry.member);
      if (!other || held.seq > other.seq) newest.set(held.entry.member, held);
    }
    return [...newest].map(([id, held]) => ({ id, state: held.entry.state }));
  }
}
