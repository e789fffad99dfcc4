import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { HISTORY_SIZE, type MessageStore, type StoredMessage } from './MessageStore.js';

interface Row {
  seq: number;
  id: string;
  room: string;
  author: string;
  text: string;
  sent_at: number;
}

const stored = (row: Row): StoredMessage => ({
  seq: row.seq,
  message: { id: row.id, room: row.room, author: row.author, text: row.text, sentAt: row.sent_at },
});

/**
 * Messages in an SQLite file (better-sqlite3): the default store, with nothing to install or
 * run. Each append is a transaction committed before it returns, so a message the server has
 * acknowledged survives the process being killed the next instant.
 */
export function sqliteStore(file: string): MessageStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL: readers do not block the writer, and a commit is one append to the log.
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS messages (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      room TEXT NOT NULL,
      author TEXT NOT NULL,
      text TEXT NOT NULL,
      sent_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS messages_by_room ON messages (room, seq);
  `);
  const insert = db.prepare(
    `INSERT INTO messages (id, room, author, text, sent_at)
     VALUES (@id, @room, @author, @text, @sentAt) ON CONFLICT (id) DO NOTHING`,
  );
  const byId = db.prepare<[string], Row>('SELECT * FROM messages WHERE id = ?');
  const latest = db.prepare<[string, number], Row>(
    'SELECT * FROM messages WHERE room = ? ORDER BY seq DESC LIMIT ?',
  );
  const since = db.prepare<[string, number, number], Row>(
    'SELECT * FROM messages WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  return {
    async append(message) {
      const result = insert.run(message);
      if (result.changes === 1)
        return { seq: Number(result.lastInsertRowid), message, created: true };
      const row = byId.get(message.id);
      if (!row) throw new Error(`message ${message.id} was neither stored nor found`);
      return { ...stored(row), created: false };
    },
    async history(room, limit = HISTORY_SIZE) {
      return latest.all(room, limit).reverse().map(stored);
    },
    async after(room, seq, limit = HISTORY_SIZE) {
      return since.all(room, seq, limit).map(stored);
    },
    async close() {
      db.close();
    },
  };
}
