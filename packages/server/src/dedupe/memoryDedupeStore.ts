import { ErrorCode, RpcError } from '@wirecall/core';
import type { DedupeClaim, DedupeClaimInfo, DedupeStore, MutationOutcome } from './dedupeStore.js';

/** Options of {@link memoryDedupeStore}. */
export interface MemoryDedupeStoreOptions {
  /** Outcomes remembered at most; the oldest are forgotten first. @default 100_000 */
  maxEntries?: number;
  /**
   * Bytes of outcomes remembered at most, counted as the length of their JSON plus their key;
   * the oldest are forgotten first. @default 67_108_864 (64 MiB)
   */
  maxBytes?: number;
  /**
   * Bytes one scope (a connection's identity, else its session id) may hold: past it, that
   * scope's oldest outcomes are forgotten, so one client cannot push out everyone else's. Its
   * newest outcome is kept even when larger. @default 2_097_152 (2 MiB)
   */
  maxScopeBytes?: number;
  /** How long an outcome is remembered, in milliseconds. @default 300_000 (5 minutes) */
  ttlMs?: number;
}

/** The keys and bytes of one scope, oldest first. */
interface Scope {
  readonly name: string;
  readonly keys: Set<string>;
  bytes: number;
}

interface Entry {
  readonly expiresAt: number;
  readonly scope: Scope | undefined;
  outcome: MutationOutcome | undefined;
  bytes: number;
  /** Retries waiting for the first run; made by the first of them. */
  waiters: Array<(outcome: MutationOutcome) => void> | undefined;
}

/** Told to retries still waiting when a run in progress is forgotten after `ttlMs`. */
const expiredRun: MutationOutcome = {
  ok: false,
  error: new RpcError(ErrorCode.OUTCOME_UNKNOWN, undefined, {
    message:
      'The first attempt of this mutation did not finish in time; whether it took effect is unknown',
  }).toJSON(),
};

/** Remembered instead of an outcome that has no JSON form (it could not be sent either). */
const unencodable: MutationOutcome = {
  ok: false,
  error: new RpcError(ErrorCode.INTERNAL, undefined, { message: 'Internal server error' }).toJSON(),
};

/** The bytes an outcome holds, and the outcome to keep (one without a JSON form is not kept). */
function measure(key: string, outcome: MutationOutcome): [number, MutationOutcome] {
  try {
    return [key.length + (JSON.stringify(outcome)?.length ?? 0), outcome];
  } catch {
    return [key.length + 64, unencodable];
  }
}

/** An option's value, or its default; anything but a positive number is a mistake. */
function positive(
  options: MemoryDedupeStoreOptions,
  name: keyof MemoryDedupeStoreOptions,
  fallback: number,
): number {
  const value: unknown = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new RangeError(
      `memoryDedupeStore option "${name}" must be a positive number, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * The default {@link DedupeStore}: outcomes in this process's memory, bounded in count, bytes,
 * bytes per scope and age. It does not survive a restart of the process; use the Redis
 * adapter's store for that.
 * @throws RangeError when an option is not a positive number.
 */
export function memoryDedupeStore(options: MemoryDedupeStoreOptions = {}): DedupeStore {
  const maxEntries = positive(options, 'maxEntries', 100_000);
  const maxBytes = positive(options, 'maxBytes', 67_108_864);
  const maxScopeBytes = positive(options, 'maxScopeBytes', 2_097_152);
  const ttlMs = positive(options, 'ttlMs', 300_000);
  // Insertion-ordered: the first entries are the oldest.
  const entries = new Map<string, Entry>();
  const scopes = new Map<string, Scope>();
  let bytes = 0;

  function forget(key: string, entry: Entry): void {
    entries.delete(key);
    bytes -= entry.bytes;
    const scope = entry.scope;
    if (scope) {
      scope.bytes -= entry.bytes;
      scope.keys.delete(key);
      if (scope.keys.size === 0) scopes.delete(scope.name);
    }
    // Only a run past its time is forgotten unsettled: its waiters must not wait forever.
    if (!entry.outcome && entry.waiters) for (const wake of entry.waiters) wake(expiredRun);
  }

  /** Forgets expired outcomes, then the oldest while over a bound; never `keep`. */
  function prune(now: number, keep?: Entry): void {
    for (const [key, entry] of entries) {
      const expired = entry.expiresAt <= now;
      if (!expired && entries.size <= maxEntries && bytes <= maxBytes) return;
      // A run still in progress stays claimed, or a retry arriving meanwhile would run it twice.
      if ((!expired && entry.outcome === undefined) || entry === keep) continue;
      forget(key, entry);
    }
  }

  /** Forgets a scope's oldest outcomes while it holds more than its share; never `keep`. */
  function pruneScope(scope: Scope, keep: Entry): void {
    for (const key of scope.keys) {
      if (scope.bytes <= maxScopeBytes) return;
      const entry = entries.get(key);
      if (!entry || entry === keep || entry.outcome === undefined) continue;
      forget(key, entry);
    }
  }

  function scopeOf(info: DedupeClaimInfo | undefined, key: string): Scope | undefined {
    if (!info) return undefined;
    let scope = scopes.get(info.scope);
    if (!scope) {
      scope = { name: info.scope, keys: new Set(), bytes: 0 };
      scopes.set(info.scope, scope);
    }
    scope.keys.add(key);
    return scope;
  }

  return {
    async claim(key, info): Promise<DedupeClaim> {
      const now = Date.now();
      prune(now);
      const entry = entries.get(key);
      if (!entry || entry.expiresAt <= now) {
        if (entry) forget(key, entry);
        const scope = scopeOf(info, key);
        entries.set(key, {
          expiresAt: now + ttlMs,
          scope,
          outcome: undefined,
          bytes: 0,
          waiters: undefined,
        });
        return { claimed: true };
      }
      if (entry.outcome) return { claimed: false, outcome: entry.outcome };
      return new Promise((resolve) => {
        entry.waiters ??= [];
        entry.waiters.push((outcome) => resolve({ claimed: false, outcome }));
      });
    },

    async settle(key, settled) {
      const entry = entries.get(key);
      if (!entry || entry.outcome) return;
      const [size, outcome] = measure(key, settled);
      entry.outcome = outcome;
      entry.bytes = size;
      bytes += size;
      const waiters = entry.waiters;
      entry.waiters = undefined;
      if (waiters) for (const wake of waiters) wake(outcome);
      if (entry.scope) {
        entry.scope.bytes += size;
        pruneScope(entry.scope, entry);
      }
      if (bytes > maxBytes) prune(Date.now(), entry);
    },
  };
}
