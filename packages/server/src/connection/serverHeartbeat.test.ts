import type { Timers } from '@wirecall/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type HeartbeatPeer, ServerHeartbeat } from './serverHeartbeat.js';

/** The platform's (faked) timers, counting how many are pending. */
function countingTimers() {
  const pending = new Set<unknown>();
  const timers: Timers = {
    setTimeout(callback, ms) {
      const handle = setTimeout(() => {
        pending.delete(handle);
        callback();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle);
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
  return { timers, pending };
}

function peer(options: { answers?: boolean } = {}) {
  const events: string[] = [];
  const self: HeartbeatPeer & { events: string[] } = {
    lastSeen: Date.now(),
    events,
    ping() {
      events.push(`ping@${Date.now()}`);
      // A peer that answers is heard from a moment later.
      if (options.answers)
        setTimeout(() => ((self as { lastSeen: number }).lastSeen = Date.now()), 5);
    },
    drop() {
      events.push(`drop@${Date.now()}`);
      heartbeat?.unwatch(self);
    },
  };
  return self;
}

let heartbeat: ServerHeartbeat | undefined;

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  heartbeat = undefined;
  vi.useRealTimers();
});

describe('ServerHeartbeat', () => {
  it('pings a peer silent for intervalMs and drops it when silent for timeoutMs more', () => {
    const { timers } = countingTimers();
    heartbeat = new ServerHeartbeat({ intervalMs: 1_000, timeoutMs: 500, timers });
    const silent = peer();
    heartbeat.watch(silent);
    vi.advanceTimersByTime(999);
    expect(silent.events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(silent.events).toEqual(['ping@1000']);
    vi.advanceTimersByTime(500);
    expect(silent.events).toEqual(['ping@1000', 'drop@1500']);
  });

  it('keeps a peer that answers, and pings again only after intervalMs of silence', () => {
    heartbeat = new ServerHeartbeat({ intervalMs: 1_000, timeoutMs: 500 });
    const answering = peer({ answers: true });
    heartbeat.watch(answering);
    vi.advanceTimersByTime(5_000);
    expect(answering.events.every((event) => event.startsWith('ping'))).toBe(true);
    // Each ping comes 1 s after the answer to the previous one (5 ms after it was sent).
    expect(answering.events).toEqual(['ping@1000', 'ping@2005', 'ping@3010', 'ping@4015']);
  });

  it('does not ping a peer heard from within intervalMs', () => {
    heartbeat = new ServerHeartbeat({ intervalMs: 1_000, timeoutMs: 500 });
    const chatty = peer();
    heartbeat.watch(chatty);
    for (let step = 0; step < 10; step++) {
      vi.advanceTimersByTime(600);
      (chatty as { lastSeen: number }).lastSeen = Date.now();
    }
    expect(chatty.events).toEqual([]);
  });

  it('serves every peer with one timer, late by at most a tenth of the shorter period', () => {
    const { timers, pending } = countingTimers();
    heartbeat = new ServerHeartbeat({ intervalMs: 1_000, timeoutMs: 1_000, timers });
    // Peers join 37 ms apart over almost 2 s, so their deadlines are spread out.
    const peers = Array.from({ length: 50 }, (_, index) => {
      if (index > 0) vi.advanceTimersByTime(37);
      const each = peer();
      heartbeat?.watch(each);
      expect(pending.size).toBe(1);
      return { each, joinedAt: Date.now() };
    });
    vi.advanceTimersByTime(3_000);
    for (const { each, joinedAt } of peers) {
      const [ping, drop] = each.events.map((event) => Number(event.split('@')[1]));
      expect(ping).toBeGreaterThanOrEqual(joinedAt + 1_000);
      expect(ping).toBeLessThanOrEqual(joinedAt + 1_000 + 100);
      expect(drop).toBeGreaterThanOrEqual((ping as number) + 1_000);
      expect(drop).toBeLessThanOrEqual(joinedAt + 2_000 + 200);
    }
    expect(heartbeat.size).toBe(0);
    expect(pending.size).toBe(0);
  });

  it('runs no timer without peers, and stops its timer with the last one', () => {
    const { timers, pending } = countingTimers();
    heartbeat = new ServerHeartbeat({ intervalMs: 1_000, timeoutMs: 500, timers });
    expect(pending.size).toBe(0);
    const first = peer();
    const second = peer();
    heartbeat.watch(first);
    heartbeat.watch(second);
    expect(pending.size).toBe(1);
    heartbeat.unwatch(first);
    expect(pending.size).toBe(1);
    heartbeat.unwatch(second);
    expect(pending.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('watches nothing when turned off', () => {
    const { timers, pending } = countingTimers();
    heartbeat = new ServerHeartbeat({ intervalMs: 0, timeoutMs: 500, timers });
    heartbeat.watch(peer());
    expect(heartbeat.size).toBe(0);
    expect(pending.size).toBe(0);
  });
});
