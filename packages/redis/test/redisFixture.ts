import { Socket } from 'node:net';
import { Redis } from 'ioredis';

/** The Redis the tests use; `WIRECALL_REDIS_URL` overrides the default local one. */
export const REDIS_URL = process.env.WIRECALL_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether something answers PING at `url` within a second. */
export async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const socket = new Socket();
  try {
    return await new Promise<boolean>((resolve) => {
      socket.setTimeout(1_000, () => resolve(false));
      socket.once('error', () => resolve(false));
      socket.once('data', (data) => resolve(data.toString().startsWith('+PONG')));
      socket.connect(Number(port || 6379), hostname || '127.0.0.1', () => socket.write('PING\r\n'));
    });
  } finally {
    socket.destroy();
  }
}

/** Whether the tests' Redis is up; when it is not, the Redis suites skip and say why. */
export const redisUp = await redisAnswers(REDIS_URL);
if (!redisUp) {
  console.warn(
    `[@wirecall/redis tests] skipped: no Redis answers at ${REDIS_URL}. ` +
      'Start one (`redis-server --port 6379 --save ""`) or set WIRECALL_REDIS_URL.',
  );
}

/** A key prefix of its own for one test file's run, and a client to inspect and clean up with. */
export interface RedisScope extends AsyncDisposable {
  readonly prefix: string;
  readonly redis: Redis;
}

/** Opens a {@link RedisScope}; disposing it deletes every key under its prefix. */
export function redisScope(name: string): RedisScope {
  const prefix = `wirecall-test:${name}:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  return {
    prefix,
    redis,
    async [Symbol.asyncDispose]() {
      if (redis.status === 'wait') return;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}

/** Pulls `count` values from an async iterator, failing after `timeoutMs`. */
export async function take<T>(
  iterator: AsyncIterator<T>,
  count: number,
  timeoutMs = 10_000,
): Promise<T[]> {
  const values: T[] = [];
  const deadline = Date.now() + timeoutMs;
  while (values.length < count) {
    const left = deadline - Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), Math.max(0, left));
      }),
    ]);
    clearTimeout(timer);
    if (step === 'timeout') {
      throw new Error(`Timed out after ${values.length} of ${count} values`);
    }
    if (step.done) break;
    values.push(step.value);
  }
  return values;
}

/** Polls an async condition until it holds, failing after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
