import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../src/contract.js';
import type { MessageStore } from '../src/server/store/MessageStore.js';
import { openStore } from '../src/server/store/openStore.js';
import { redisStore } from '../src/server/store/redisStore.js';
import { sqliteStore } from '../src/server/store/sqliteStore.js';

// Both stores, through the same suite: SQLite in a temporary file, and the real Redis at
// 127.0.0.1:6379 under a key prefix of this run's own.
const REDIS_URL = 'redis://127.0.0.1:6379';
let folder: string;
const prefix = `wirecall-chat-test:${randomUUID()}:`;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'wirecall-chat-store-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const message = (room: string, text: string, id: string = randomUUID()): Message => ({
  id,
  room,
  author: 'ada',
  text,
  sentAt: Date.now(),
});

const stores: Array<[string, (name: string) => MessageStore]> = [
  ['sqlite', (name) => sqliteStore(join(folder, `${name}.sqlite`))],
  ['redis', (name) => redisStore(REDIS_URL, { prefix: `${prefix}${name}:` })],
];

describe.each(stores)('%s store', (_kind, open) => {
  it('keeps messages after it is closed and opened again, oldest first, by room', async () => {
    const first = open('reopen');
    const a = await first.append(message('general', 'one'));
    const b = await first.append(message('general', 'two'));
    await first.append(message('random', 'elsewhere'));
    await first.close();
    const second = open('reopen');
    try {
      const history = await second.history('general');
      expect(history.map(({ message }) => message.text)).toEqual(['one', 'two']);
      expect(history.map(({ seq }) => seq)).toEqual([a.seq, b.seq]);
      expect(b.seq).toBeGreaterThan(a.seq);
      expect(await second.history('nowhere')).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('stores a message once however often it is appended, returning the stored one', async () => {
    const store = open('once');
    try {
      const original = message('general', 'exactly once');
      const first = await store.append(original);
      const again = await store.append({ ...original, text: 'changed', sentAt: 1 });
      expect(first.created).toBe(true);
      expect(again).toEqual({ seq: first.seq, message: original, created: false });
      expect((await store.history('general')).map(({ message }) => message.id)).toEqual([
        original.id,
      ]);
    } finally {
      await store.close();
    }
  });

  it('gives what was stored after a seq, for resuming, and bounds the history', async () => {
    const store = open('after');
    try {
      const seqs: number[] = [];
      for (let i = 0; i < 5; i++) seqs.push((await store.append(message('help', `m${i}`))).seq);
      expect((await store.after('help', seqs[2] ?? 0)).map(({ message }) => message.text)).toEqual([
        'm3',
        'm4',
      ]);
      expect((await store.after('help', seqs[4] ?? 0)).length).toBe(0);
      expect((await store.history('help', 2)).map(({ message }) => message.text)).toEqual([
        'm3',
        'm4',
      ]);
    } finally {
      await store.close();
    }
  });
});

describe('openStore', () => {
  it('opens Redis when REDIS_URL is set, without showing its password, else SQLite in CHAT_DB', async () => {
    const redis = openStore({ REDIS_URL: 'redis://:secret@127.0.0.1:6379' });
    expect(redis.description).toBe('Redis at 127.0.0.1:6379');
    await redis.store.close();
    const file = join(folder, 'env.sqlite');
    const sqlite = openStore({ CHAT_DB: file });
    expect(sqlite.description).toBe(`SQLite in ${file}`);
    await sqlite.store.close();
  });
});
