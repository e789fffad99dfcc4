import { createClient, isRpcError, type WebSocketConstructor } from '@wirecall/client';
import { conformanceContract } from '../conformance/conformanceContract.js';

/** What {@link runClientProbe} saw, as JSON for the test that ran it in another runtime. */
export interface ClientProbeResult {
  /** The answer to `greet({ name: 'Ada' })`. */
  greeting: string;
  /** The events of `numbers({ count: 4 })`. */
  events: number[];
  /** The cursor of that subscription after its last event. */
  lastEventId: string | undefined;
  /** The declared error of `fail({ how: 'declared' })`: its code and data. */
  error: { code: string; data: unknown; typed: boolean };
  /** The BAD_INPUT error of `greet({ name: '' })`: its code and the issues' paths. */
  badInput: { code: string; paths: unknown[] };
}

/**
 * Drives a conformance server at `url` with the public `@wirecall/client`, using nothing but the
 * platform's own globals, so it runs unchanged in Node, Bun, Deno and workerd.
 */
export async function runClientProbe(
  url: string,
  WebSocket?: WebSocketConstructor,
): Promise<ClientProbeResult> {
  const client = createClient(conformanceContract, { url, ...(WebSocket ? { WebSocket } : {}) });
  try {
    const greeting = await client.greet({ name: 'Ada' });
    const events: number[] = [];
    const numbers = client.numbers.subscribe({ count: 4, intervalMs: 1 });
    for await (const n of numbers) events.push(n);
    const failure = await client.fail({ how: 'declared' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const bad = await client.greet({ name: '' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    return {
      greeting,
      events,
      lastEventId: numbers.lastEventId,
      error: {
        code: isRpcError(failure) ? failure.code : String(failure),
        data: isRpcError(failure) ? failure.data : undefined,
        typed: isRpcError(failure, 'OUT_OF_STOCK') && failure instanceof Error,
      },
      badInput: {
        code: isRpcError(bad) ? bad.code : String(bad),
        paths: isRpcError(bad, 'BAD_INPUT') ? bad.data.issues.map((issue) => issue.path) : [],
      },
    };
  } finally {
    client.close();
  }
}
