import { type Handlers, RpcError, tracked } from '@wirecall/server';
import type { resumeContract } from './resumeContract.js';

/** What the resume handlers did, for tests to check effects against. */
export interface ResumeLog {
  /** Executions of `add` (the effect a retried mutation must not repeat). */
  addRuns: number;
  /** Sum of every `add`'s `by`: the counter. */
  total: number;
  /** Starts of the `once` handler. */
  onceStarts: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Handlers of {@link resumeContract}, with their own log. */
export function createResumeHandlers(hooks: { afterAdd?: () => void } = {}): {
  handlers: Handlers<typeof resumeContract, object>;
  log: ResumeLog;
} {
  const log: ResumeLog = { addRuns: 0, total: 0, onceStarts: 0 };
  const handlers: Handlers<typeof resumeContract, object> = {
    publish: ({ topic, n }, ctx) => ctx.pubsub.publish(topic, { n }),
    async *feed({ topic }, ctx) {
      yield* ctx.pubsub.subscribe(topic, { lastEventId: ctx.lastEventId });
    },
    add: async ({ by, ms }) => {
      if (ms > 0) await sleep(ms);
      log.addRuns++;
      log.total += by;
      hooks.afterAdd?.();
      return log.total;
    },
    echo: async ({ n, ms }) => {
      if (ms > 0) await sleep(ms);
      return n;
    },
    async *numbers({ count, intervalMs }, ctx) {
      let n = ctx.lastEventId === undefined ? 0 : Number(ctx.lastEventId) + 1;
      for (; n < count; n++) {
        if (intervalMs > 0) await sleep(intervalMs);
        yield tracked(n, n * 2);
      }
    },
    async *once(_input, ctx) {
      log.onceStarts++;
      if (ctx.lastEventId !== undefined) throw new RpcError('UNAUTHORIZED');
      yield tracked('only', 1);
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
    },
  };
  return { handlers, log };
}
