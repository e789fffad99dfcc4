/**
 * How presence rides on the existing messages (docs/protocol.md, "Presence"): a join is a
 * `subscribe` to the presence's path whose events are member diffs, an update is a `call` to the
 * same path, a leave is an `unsubscribe`. So flow control, reconnects and limits are those of
 * subscriptions and calls, with no new message types.
 */

/** The `input` of the `subscribe` that joins a presence room. */
export interface PresenceJoinInput {
  /** The room, as the contract's `input` schema describes it. */
  readonly input?: unknown;
  /** The member's first state, as the contract's `state` schema describes it. */
  readonly state: unknown;
  /**
   * The client's name for this join (1 to 64 characters), the same across its reconnects: a rejoin
   * with it replaces the entry the dropped connection left, so the member does not flicker.
   */
  readonly entry: string;
}

/** The `input` of the `call` that updates a member's state in a room it joined. */
export interface PresenceUpdateInput extends PresenceJoinInput {}

/** One member as sent on the wire. */
export interface PresenceWireMember {
  readonly id: string;
  readonly state: unknown;
}

/**
 * One event of a presence subscription. The first event has `reset` and lists every member (the
 * joiner included); later ones list members that joined or changed (`set`) and ids that left
 * (`remove`), in the order the room saw them, or carry one published `event`.
 */
export interface PresenceDiff {
  readonly reset?: true;
  readonly set?: readonly PresenceWireMember[];
  readonly remove?: readonly string[];
  /**
   * An event server code published to the room (`server.presence(procedure).publish`), after
   * every change the room saw before it. A diff with an event carries nothing else.
   */
  readonly event?: unknown;
}

/** Longest client-chosen entry name of a presence join. */
export const MAX_PRESENCE_ENTRY_LENGTH = 64;
