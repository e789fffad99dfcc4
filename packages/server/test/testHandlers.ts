import type { Handlers } from '@wirecall/server';
import type { testContract } from '@wirecall/test-utils';

/** Server-side bookkeeping of the test handlers, to check what runs and what stops. */
export interface HandlerLog {
  /** Subscription handlers (`chat.messages`, `forever`) started. */
  started: number;
  /** Subscription handlers whose `finally` ran. */
  finalized: number;
  /** `slow` calls whose signal aborted. */
  slowAborted: number;
}

/** Fresh handlers of the shared test contract, with their own log and chat rooms. */
export function createTestHandlers() {
  const log: HandlerLog = { started: 0, finalized: 0, slowAborted: 0 };
  const rooms = new Map<string, Set<(text: string) => void>>();

  const handlers: Handlers<typeof testContract, object> = {
    greet: ({ name }) => `Hello, ${name}!`,
    echo: (input) => input,
    ping: () => 'pong',
    slow: ({ ms }, ctx) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(ms), ms);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          log.slowAborted++;
          reject(ctx.signal.reason);
        });
      }),
    fail: () => {
      throw new Error('fail');
    },
    chat: {
      send: ({ room }) => ({ id: room }),
      async *messages({ room }, ctx) {
        log.started++;
        const queue: string[] = [];
        let wake: (() => void) | undefined;
        const push = (text: string) => {
          queue.push(text);
          wake?.();
        };
        const listeners = rooms.get(room) ?? new Set();
        rooms.set(room, listeners.add(push));
        ctx.signal.addEventListener('abort', () => wake?.());
        let n = 0;
        try {
          while (!ctx.signal.aborted) {
            const text = queue.shift();
            if (text === undefined) {
              await new Promise<void>((resolve) => {
                wake = resolve;
              });
              continue;
            }
            yield { id: String(++n), text };
          }
        } finally {
          listeners.delete(push);
          log.finalized++;
        }
      },
    },
    async *ticks({ count, intervalMs }) {
      for (let i = 0; i < count; i++) {
        if (intervalMs) await new Promise((resolve) => setTimeout(resolve, intervalMs));
        yield i;
      }
    },
    async *forever(_input, ctx) {
      log.started++;
      try {
        let i = 0;
        while (!ctx.signal.aborted) {
          yield i++;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      } finally {
        log.finalized++;
      }
    },
  };

  return {
    handlers,
    log,
    /** Sends `text` to every `chat.messages` subscriber of `room`. */
    publish(room: string, text: string): void {
      for (const push of rooms.get(room) ?? []) push(text);
    },
  };
}
