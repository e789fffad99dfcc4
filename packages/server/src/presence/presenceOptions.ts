import type { PresenceStore } from './presenceStore.js';

/** The `presence` option of `createServer`: a store, or a store with settings. */
export interface PresenceOptions {
  /** Where rooms are kept: `redisPresence()` across instances. @default memoryPresence() */
  store?: PresenceStore;
  /**
   * How long a member whose connection dropped (no close frame: a lost network, a sleeping
   * laptop) stays in its rooms, so a quick reconnect does not flicker. A closed tab, `leave()`
   * or `client.close()` leaves at once. @default 5_000
   */
  graceMs?: number;
  /** Largest state of one member, in bytes of JSON; bigger ones fail with `BAD_INPUT`. @default 4_096 */
  maxStateBytes?: number;
  /** Most entries (connections) in one room; a join past it fails with `LIMIT_EXCEEDED`. @default 1_000 */
  maxMembersPerRoom?: number;
  /**
   * State updates one connection may make in one room per second (bursts up to it pass); past it
   * an update fails with `RATE_LIMITED` and `retryAfterMs`, and the client sends its latest state
   * again after that, so nothing is lost, only coalesced. @default 20
   */
  maxUpdatesPerSecond?: number;
  /**
   * State updates one room takes per second on this instance, from all its connections together;
   * past it updates fail like those past `maxUpdatesPerSecond`. @default 1_000
   */
  maxRoomUpdatesPerSecond?: number;
  /**
   * Changes within this many milliseconds reach members as one diff, each member's latest state
   * only: a burst of cursor moves costs one event per member. @default 50
   */
  throttleMs?: number;
  /**
   * How often each room being watched on this instance asks the store to drop members of dead
   * instances (with Redis: those whose heartbeat lapsed). @default 5_000
   */
  sweepMs?: number;
  /**
   * Remove this instance's members when the server closes. Off by default: clients reconnect to
   * another instance and rejoin there without a flood of leaves and joins; what is not taken over
   * lapses with the instance's heartbeat. @default false
   */
  leaveOnShutdown?: boolean;
}

/** Presence settings with every default filled in. */
export interface PresenceSettings {
  readonly graceMs: number;
  readonly maxStateBytes: number;
  readonly maxMembersPerRoom: number;
  readonly maxUpdatesPerSecond: number;
  readonly maxRoomUpdatesPerSecond: number;
  readonly throttleMs: number;
  readonly sweepMs: number;
  readonly leaveOnShutdown: boolean;
}

/** The defaults of {@link PresenceOptions}, in one place. */
export const defaultPresenceSettings: PresenceSettings = {
  graceMs: 5_000,
  maxStateBytes: 4_096,
  maxMembersPerRoom: 1_000,
  maxUpdatesPerSecond: 20,
  maxRoomUpdatesPerSecond: 1_000,
  throttleMs: 50,
  sweepMs: 5_000,
  leaveOnShutdown: false,
};

function count(value: number | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min)
    throw new TypeError(`presence.${name} must be a whole number of at least ${min}`);
  return value;
}

/** Fills in defaults and checks the numbers. @throws TypeError naming a bad option. */
export function resolvePresenceSettings(options: PresenceOptions = {}): PresenceSettings {
  const d = defaultPresenceSettings;
  return {
    graceMs: count(options.graceMs, d.graceMs, 'graceMs', 0),
    maxStateBytes: count(options.maxStateBytes, d.maxStateBytes, 'maxStateBytes', 1),
    maxMembersPerRoom: count(
      options.maxMembersPerRoom,
      d.maxMembersPerRoom,
      'maxMembersPerRoom',
      1,
    ),
    maxUpdatesPerSecond: count(
      options.maxUpdatesPerSecond,
      d.maxUpdatesPerSecond,
      'maxUpdatesPerSecond',
      1,
    ),
    maxRoomUpdatesPerSecond: count(
      options.maxRoomUpdatesPerSecond,
      d.maxRoomUpdatesPerSecond,
      'maxRoomUpdatesPerSecond',
      1,
    ),
    throttleMs: count(options.throttleMs, d.throttleMs, 'throttleMs', 0),
    sweepMs: count(options.sweepMs, d.sweepMs, 'sweepMs', 1),
    leaveOnShutdown: options.leaveOnShutdown ?? d.leaveOnShutdown,
  };
}
