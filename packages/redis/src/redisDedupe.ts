import {
  type DedupeClaim,
  type DedupeStore,
  ErrorCode,
  isRpcError,
  type MutationOutcome,
  RpcError,
} from '@wirecall/server';
import { luaScript } from './connection/luaScript.js';
import {
  type RedisCommonOptions,
  RedisConnections,
  type RedisSource,
} from './connection/redisConnections.js';
import { untilAvailable } from './connection/untilAvailable.js';

/** Options of {@link redisDedupe}: a {@link RedisSource} (`url` or `client`) plus these. */
export interface RedisDedupeSettings extends RedisCommonOptions {
  /** How long an outcome is remembered, in milliseconds. @default 600_000 (10 minutes) */
  ttlMs?: number;
  /**
   * How long a claimed key stays claimed without news from the instance running the mutation,
   * in milliseconds. That instance renews the lease while the mutation runs; if it dies, a retry
   * waiting elsewhere gets `OUTCOME_UNKNOWN` once the lease runs out. @default 10_000
   */
  leaseMs?: number;
  /** How often a retry checks whether the first run has finished, in milliseconds. @default 50 */
  pollIntervalMs?: number;
}

/** Options of {@link redisDedupe}. */
export type RedisDedupeOptions = RedisSource & RedisDedupeSettings;

/** A {@link DedupeStore} on Redis, to close when the server shuts down. */
export interface RedisDedupeStore extends DedupeStore, AsyncDisposable {
  /** Closes the connections the adapter opened (a client you passed in stays open). */
  close(): Promise<void>;
}

// KEYS: record, lease. ARGV: pending record, ttl, owner, lease ms.
// Claims the key when it is new; otherwise returns the record.
const claimScript = luaScript(`
local record = redis.call('GET', KEYS[1])
if not record then
  redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
  redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
  return {1}
end
return {0, record}
`);

// KEYS: record, lease. ARGV: pending record of the owner, settled record, ttl.
// Settles only our own pending run: a run declared lost meanwhile keeps its answer.
const settleScript = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  redis.call('DEL', KEYS[2])
  return 1
end
return 0
`);

// KEYS: record, lease. ARGV: pending record of the owner.
// Frees a key whose claim may have landed although its reply did not: that run never started.
const releaseScript = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 1
end
return 0
`);

// KEYS: record, lease. ARGV: the "outcome unknown" record, ttl.
// Returns the record; a pending one whose lease ran out is settled as unknown first.
const checkScript = luaScript(`
local record = redis.call('GET', KEYS[1])
if not record then return false end
if string.sub(record, 1, 1) == 'p' and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return record
`);

/** Stored records: `p<owner>` while the first run is going, `s<outcome JSON>` once settled. */
const pendingRecord = (owner: string) => `p${owner}`;
const settledRecord = (outcome: MutationOutcome) => `s${JSON.stringify(outcome)}`;

const lostRecord = settledRecord({
  ok: false,
  error: new RpcError(ErrorCode.OUTCOME_UNKNOWN, undefined, {
    message:
      'The first attempt of this mutation stopped with its server before finishing; whether it took effect is unknown',
  }).toJSON(),
});

/** Told to a retry that saw its first attempt under way, then lost Redis for a whole lease. */
const unreachableRecord: MutationOutcome = {
  ok: false,
  error: new RpcError(ErrorCode.OUTCOME_UNKNOWN, undefined, {
    message:
      'The first attempt of this mutation was under way when its outcome became unreachable; whether it took effect is unknown',
  }).toJSON(),
};

function outcomeOf(record: string): MutationOutcome | undefined {
  if (!record.startsWith('s')) return undefined;
  return JSON.parse(record.slice(1)) as MutationOutcome;
}

/**
 * The server's mutation dedupe store on Redis, shared by every server instance: a mutation whose
 * first attempt reached one instance and whose retry reaches another still runs once, and the
 * retry is answered with the first run's outcome (waiting for it if it is still running).
 *
 * Each key gets a record (`SET NX PX`, kept `ttlMs`) and, while its mutation runs, a lease the
 * running instance renews; a retry polls until the record is settled, or until the lease runs out
 * because that instance died, and then answers `OUTCOME_UNKNOWN` rather than run the mutation a
 * second time. While Redis is unreachable, `claim` fails with `UNAVAILABLE` (the mutation does
 * not run; a claim that reached Redis unanswered is released once Redis is back). A `settle` that
 * fails (after the mutation ran) rejects, and goes on in the background, the lease renewed,
 * until Redis takes it or `ttlMs` has passed: a retry meanwhile is answered with it on this
 * instance, waits for it on others, and gets `OUTCOME_UNKNOWN` only if this instance cannot
 * record it before its lease runs out. A retry waiting for a run under way waits out a Redis
 * outage of up to `leaseMs`, then gets `OUTCOME_UNKNOWN` (never `UNAVAILABLE`: the first run
 * may have taken effect).
 * @example
 * createServer(api, { handlers, dedupe: redisDedupe({ url: process.env.REDIS_URL! }) });
 */
export function redisDedupe(options: RedisDedupeOptions | string): RedisDedupeStore {
  const settings: RedisDedupeSettings = typeof options === 'string' ? {} : options;
  const connections = new RedisConnections(options, settings);
  const ttlMs = settings.ttlMs ?? 600_000;
  const leaseMs = settings.leaseMs ?? 10_000;
  const pollIntervalMs = settings.pollIntervalMs ?? 50;
  const prefix = `${connections.keyPrefix}dedupe:`;
  const keysOf = (key: string) => [`${prefix}${key}`, `${prefix}${key}:lease`] as const;
  const owner = Math.random().toString(36).slice(2, 12);
  /** Lease renewals of the runs this instance claimed, by key. */
  const renewals = new Map<string, { timer: ReturnType<typeof setInterval>; run: string }>();
  /**
   * Outcomes of runs of this instance that Redis has not taken yet (it failed while they ran):
   * a retry reaching this instance meanwhile is answered with them, not told nothing was done.
   */
  const unrecorded = new Map<string, MutationOutcome>();
  /** Stops the work left to do in the background (releases, settles) when the store closes. */
  const closing = new AbortController();
  let runs = 0;

  /**
   * Runs `attempt` in the background until Redis answers it, the store closes or `ttlMs` has
   * passed (the record is gone by then anyway), then `done`.
   */
  function inBackground(attempt: () => Promise<unknown>, done: () => void = () => {}): void {
    const stop = new AbortController();
    const onClose = () => stop.abort();
    closing.signal.addEventListener('abort', onClose);
    const deadline = setTimeout(onClose, ttlMs);
    deadline.unref?.();
    untilAvailable(attempt, stop.signal)
      .catch(() => {})
      .finally(() => {
        clearTimeout(deadline);
        closing.signal.removeEventListener('abort', onClose);
        done();
      });
  }

  function stopRenewing(key: string): void {
    const renewal = renewals.get(key);
    if (!renewal) return;
    clearInterval(renewal.timer);
    renewals.delete(key);
  }

  async function close(): Promise<void> {
    closing.abort();
    for (const key of [...renewals.keys()]) stopRenewing(key);
    await connections.close();
  }

  async function check(key: string): Promise<string | null> {
    const [record, lease] = keysOf(key);
    const reply = await connections.run((redis) =>
      checkScript.run(redis, [record, lease], [lostRecord, ttlMs]),
    );
    return typeof reply === 'string' ? reply : null;
  }

  const store: RedisDedupeStore = {
    async claim(key): Promise<DedupeClaim> {
      const known = unrecorded.get(key);
      if (known) return { claimed: false, outcome: known };
      const [record, lease] = keysOf(key);
      const run = `${owner}:${++runs}`;
      let reply: [number, string?];
      try {
        reply = (await connections.run((redis) =>
          claimScript.run(redis, [record, lease], [pendingRecord(run), ttlMs, run, leaseMs]),
        )) as [number, string?];
      } catch (error) {
        // The claim may have reached Redis and only its answer been lost: the key would then stay
        // claimed by a run that never started, and every retry get OUTCOME_UNKNOWN.
        inBackground(() =>
          connections.run((redis) =>
            releaseScript.run(redis, [record, lease], [pendingRecord(run)]),
          ),
        );
        throw error;
      }
      if (reply[0] === 1) {
        stopRenewing(key);
        const timer = setInterval(
          () => {
            connections.command.pexpire(lease, leaseMs).catch(() => {});
          },
          Math.max(1, Math.floor(leaseMs / 3)),
        );
        timer.unref?.();
        renewals.set(key, { timer, run });
        return { claimed: true };
      }
      let found = reply[1] ?? null;
      let delay = pollIntervalMs;
      let heardAt = Date.now();
      for (;;) {
        const outcome = found === null ? undefined : outcomeOf(found);
        if (outcome) return { claimed: false, outcome };
        if (found === null) {
          // The record expired while we waited: nobody holds the key any more.
          return store.claim(key);
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 1.5, 1_000);
        try {
          found = await check(key);
          heardAt = Date.now();
        } catch (error) {
          // Redis answered with an error: a bug or a misconfiguration, not an outage.
          if (!isRpcError(error, ErrorCode.UNAVAILABLE)) throw error;
          // A first attempt is known to be under way: "nothing was done" (UNAVAILABLE) would be
          // wrong, so wait Redis out for as long as a lease; the first run's lease could not
          // have been renewed for longer either.
          if (Date.now() - heardAt < leaseMs) continue;
          return { claimed: false, outcome: unreachableRecord };
        }
      }
    },

    async settle(key, outcome) {
      const renewal = renewals.get(key);
      if (!renewal) return;
      const [record, lease] = keysOf(key);
      const settled = settledRecord(outcome);
      const attempt = () =>
        connections.run((redis) =>
          settleScript.run(redis, [record, lease], [pendingRecord(renewal.run), settled, ttlMs]),
        );
      try {
        await attempt();
      } catch (error) {
        // The mutation ran: keep the key claimed (the lease renewed) and its outcome on its way,
        // so a retry is answered with it rather than run the mutation again.
        unrecorded.set(key, outcome);
        inBackground(attempt, () => {
          if (unrecorded.get(key) === outcome) unrecorded.delete(key);
          if (renewals.get(key) === renewal) stopRenewing(key);
        });
        throw error;
      }
      if (renewals.get(key) === renewal) stopRenewing(key);
    },

    close,
    [Symbol.asyncDispose]: close,
  };
  return store;
}
