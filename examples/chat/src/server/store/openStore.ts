import { fileURLToPath } from 'node:url';
import type { MessageStore } from './MessageStore.js';
import { redisStore } from './redisStore.js';
import { sqliteStore } from './sqliteStore.js';

/** Where the SQLite store keeps its file when `CHAT_DB` is not set: `examples/chat/data/`. */
export const DEFAULT_DB_FILE = fileURLToPath(new URL('../../../data/chat.sqlite', import.meta.url));

/**
 * The store the environment asks for: Redis when `REDIS_URL` is set, else SQLite in `CHAT_DB`
 * (default {@link DEFAULT_DB_FILE}).
 */
export function openStore(env: NodeJS.ProcessEnv = process.env): {
  store: MessageStore;
  description: string;
} {
  if (env.REDIS_URL) {
    // The host only: the URL may carry a password.
    const { host } = new URL(env.REDIS_URL);
    return { store: redisStore(env.REDIS_URL), description: `Redis at ${host}` };
  }
  const file = env.CHAT_DB || DEFAULT_DB_FILE;
  return { store: sqliteStore(file), description: `SQLite in ${file}` };
}
