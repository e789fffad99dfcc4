import type { DedupeClaim, DedupeStore, MutationOutcome } from './dedupeStore.js';

/** Options of {@link memoryDedupeStore}. */
export interface MemoryDedupeStoreOptions {
  /** Outcomes remembered at most; the oldest are forgotten first. @default 100_000 */
  maxEntries?: number;
  /** How long an outcome is remembered, in milliseconds. @default 300_000 (5 minutes) */
  ttlMs?: number;
}

interface Entry {
  readonly expiresAt: number;
  outcome: MutationOutcome | undefined;
  readonly waiters: Array<(outcome: MutationOutcome) => void>;
}

/**
 * The default {@link DedupeStore}: outcomes in this process's memory, bounded in count and age.
 * It does not survive a restart of the process; use the Redis adapter's store for that.
 */
export function memoryDedupeStore(options: MemoryDedupeStoreOptions = {}): DedupeStore {
  const maxEntries = options.maxEntries ?? 100_000;
  const ttlMs = options.ttlMs ?? 300_000;
  // Insertion-ordered: the first entries are the oldest.
  const entries = new Map<string, Entry>();

  function prune(now: number): void {
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries && entry.expiresAt > now) return;
      // A run still in progress stays claimed, or a retry arriving meanwhile would run it twice.
      if (entry.outcome === undefined && entry.expiresAt > now) continue;
      entries.delete(key);
    }
  }

  return {
    async claim(key): Promise<DedupeClaim> {
      const now = Date.now();
      prune(now);
      const entry = entries.get(key);
      if (!entry || entry.expiresAt <= now) {
        entries.delete(key);
        entries.set(key, { expiresAt: now + ttlMs, outcome: undefined, waiters: [] });
        return { claimed: true };
      }
      if (entry.outcome) return { claimed: false, outcome: entry.outcome };
      return new Promise((resolve) =>
        entry.waiters.push((outcome) => resolve({ claimed: false, outcome })),
      );
    },

    async settle(key, outcome) {
      const entry = entries.get(key);
      if (!entry) return;
      entry.outcome = outcome;
      for (const wake of entry.waiters.splice(0)) wake(outcome);
    },
  };
}
