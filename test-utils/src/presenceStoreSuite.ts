import type { PresenceChange, PresenceStore } from '@wirecall/server';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from './waitFor.js';

/** Two instances of one store backend (two servers' stores on one Redis, say). */
export interface PresenceStorePair {
  readonly a: PresenceStore;
  readonly b: PresenceStore;
}

/**
 * The behaviour every {@link PresenceStore} has, run against each (memory, Redis): numbered
 * changes in order, entries held by the instance that set them, full rooms, and leaving on close.
 */
export function presenceStoreSuite(name: string, makePair: () => Promise<PresenceStorePair>): void {
  describe(`presence store: ${name}`, () => {
    const open: PresenceStore[] = [];
    const pair = async () => {
      const made = await makePair();
      open.push(made.a, made.b);
      return made;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close({ leave: true })));
    });

    it('numbers every change and tells watchers of each, in order', async () => {
      const { a, b } = await pair();
      const seen: Exclude<PresenceChange, { event: unknown }>[] = [];
      const stop = await b.watch('room', (change) => {
        if (!('event' in change)) seen.push(change);
      });
      const first = await a.set('room', { key: 'k1', member: 'ada', state: { n: 1 } }, 10);
      const second = await a.set('room', { key: 'k1', member: 'ada', state: { n: 2 } }, 10);
      await a.set('room', { key: 'k2', member: 'bob', state: null }, 10);
      await a.remove('room', 'k2');
      expect(typeof first === 'number' && typeof second === 'number' && second > first).toBe(true);
      await waitFor(() => seen.length === 4);
      expect(
        seen.map((change) => ('set' in change ? change.set.key : `-${change.remove}`)),
      ).toEqual(['k1', 'k1', 'k2', '-k2']);
      const seqs = seen.map((change) => change.seq);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      const snapshot = await b.snapshot('room');
      expect(snapshot.seq).toBe(seqs.at(-1));
      expect(snapshot.entries).toEqual([{ key: 'k1', member: 'ada', state: { n: 2 } }]);
      stop();
    });

    it('publishes events to every watcher of the room, in order with its changes', async () => {
      const { a, b } = await pair();
      const seen: string[] = [];
      const stop = await b.watch('room', (change) =>
        seen.push('event' in change ? `e:${JSON.stringify(change.event)}` : `c:${change.seq}`),
      );
      const other: unknown[] = [];
      const stopOther = await b.watch('other room', (change) => other.push(change));
      const seq = await a.set('room', { key: 'k1', member: 'ada', state: 1 }, 10);
      await a.publish('room', { text: 'hello' });
      await a.set('room', { key: 'k1', member: 'ada', state: 2 }, 10);
      await a.publish('room', null);
      await waitFor(() => seen.length === 4);
      expect(seen).toEqual([
        `c:${seq}`,
        'e:{"text":"hello"}',
        `c:${(seq as number) + 1}`,
        'e:null',
      ]);
      expect(other).toEqual([]);
      stop();
      stopOther();
    });

    it('removes an entry only for the instance that holds it', async () => {
      const { a, b } = await pair();
      await a.set('room', { key: 'k', member: 'ada', state: 1 }, 10);
      // The client reconnected to b, which took the entry over: a's late removal is void.
      await b.set('room', { key: 'k', member: 'ada', state: 2 }, 10);
      await a.remove('room', 'k');
      expect((await a.snapshot('room')).entries).toEqual([{ key: 'k', member: 'ada', state: 2 }]);
      await b.remove('room', 'k');
      expect((await a.snapshot('room')).entries).toEqual([]);
    });

    it('refuses an entry past maxEntries, but not the replacement of one it has', async () => {
      const { a, b } = await pair();
      expect(await a.set('room', { key: 'k1', member: 'x', state: 1 }, 2)).not.toBe('full');
      expect(await b.set('room', { key: 'k2', member: 'y', state: 1 }, 2)).not.toBe('full');
      expect(await a.set('room', { key: 'k3', member: 'z', state: 1 }, 2)).toBe('full');
      expect(await a.set('room', { key: 'k1', member: 'x', state: 2 }, 2)).not.toBe('full');
      expect((await b.snapshot('room')).entries).toHaveLength(2);
    });

    it('removes what an instance holds when it closes with leave, and nobody else’s', async () => {
      const { a, b } = await pair();
      await a.set('room', { key: 'ka', member: 'x', state: 1 }, 10);
      await b.set('room', { key: 'kb', member: 'y', state: 1 }, 10);
      await a.close({ leave: true });
      expect((await b.snapshot('room')).entries.map((entry) => entry.key)).toEqual(['kb']);
    });
  });
}
