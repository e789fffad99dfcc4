import type { RedisConnections } from '../connection/redisConnections.js';
import { compareStreamIds, STREAM_START } from './streamId.js';

/** One page of a stream after an id, checked for entries lost to trimming. */
export interface StreamPage {
  /** Entries after the requested id, oldest first, at most the requested count. */
  readonly entries: ReadonlyArray<readonly [id: string, fields: string[]]>;
  /**
   * Entries right after the requested id are gone (trimmed, expired, or the id is from a stream
   * that no longer exists): continuing would hide a hole.
   */
  readonly gap: boolean;
  /** The id of the newest entry ever added, `0-0` when the stream does not exist. */
  readonly lastGeneratedId: string;
}

interface StreamInfo {
  readonly lastGeneratedId: string;
  readonly maxDeletedId: string;
  /** The oldest entry still in the stream; `undefined` when it is empty. */
  readonly firstEntryId: string | undefined;
}

/** The fields of `XINFO STREAM` that tell whether entries after an id are gone. */
function streamInfo(reply: unknown): StreamInfo {
  const fields = reply as unknown[];
  let lastGeneratedId = STREAM_START;
  let maxDeletedId: string | undefined;
  let firstEntryId: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = fields[i + 1];
    if (fields[i] === 'last-generated-id') lastGeneratedId = String(value);
    if (fields[i] === 'max-deleted-entry-id') maxDeletedId = String(value);
    if (fields[i] === 'first-entry' && Array.isArray(value)) firstEntryId = String(value[0]);
  }
  if (maxDeletedId === undefined) {
    throw new Error('@wirecall/redis needs Redis 7.0 or later (XINFO STREAM max-deleted-entry-id)');
  }
  return { lastGeneratedId, maxDeletedId, firstEntryId };
}

/**
 * Whether the entries right after `afterId` are gone. Trimming records the newest trimmed id as
 * max-deleted-entry-id (see the publish script), so resuming from before it is a gap. An id newer
 * than anything the stream produced, or older than its first entry without being that trimmed id,
 * belongs to an earlier life of the stream (it expired, or Redis lost it): a gap too. `0-0`, the
 * position of a subscriber who came before the stream existed, is fine while nothing was trimmed.
 */
function isGap(afterId: string, info: StreamInfo): boolean {
  if (compareStreamIds(info.maxDeletedId, afterId) > 0) return true;
  if (compareStreamIds(afterId, info.lastGeneratedId) > 0) return true;
  if (afterId === STREAM_START || afterId === info.maxDeletedId) return false;
  const first = info.firstEntryId ?? info.lastGeneratedId;
  return compareStreamIds(afterId, first) < 0;
}

/**
 * Reads up to `count` entries after `afterId` and, in the same transaction, whether any entry
 * after `afterId` was deleted: Redis 7 records the highest deleted id, so a trimmed-away part of
 * the stream is reported as a gap, never skipped silently.
 */
export async function readAfter(
  connections: RedisConnections,
  key: string,
  afterId: string,
  count: number,
): Promise<StreamPage> {
  const replies = await connections.run((redis) =>
    redis.multi().xinfo('STREAM', key).xrange(key, `(${afterId}`, '+', 'COUNT', count).exec(),
  );
  const [info, range] = replies ?? [];
  if (!info || !range) throw new Error('Redis discarded the transaction');
  if (range[0]) throw range[0];
  const entries = (range[1] ?? []) as Array<[string, string[]]>;
  if (info[0]) {
    // No such key: the topic never had events, or its stream expired.
    if (!/no such key/i.test(info[0].message)) throw info[0];
    return { entries, gap: afterId !== STREAM_START, lastGeneratedId: STREAM_START };
  }
  const stream = streamInfo(info[1]);
  return { entries, gap: isGap(afterId, stream), lastGeneratedId: stream.lastGeneratedId };
}

/** Where a new subscriber of a stream starts: the id of the newest entry ever added. */
export async function streamPosition(connections: RedisConnections, key: string): Promise<string> {
  const page = await readAfter(connections, key, STREAM_START, 0);
  return page.lastGeneratedId;
}
