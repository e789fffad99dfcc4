import type { MemorySample, ServerControl } from '../workloads/types.js';

/** Sends one request to the server worker, however it is reached (directly or through the orchestrator). */
export type ServerRequester = <TResult>(
  method: string,
  args: unknown,
  timeoutMs: number,
) => Promise<TResult>;

/** {@link ServerControl} over a requester: the same calls from the orchestrator and from client tasks. */
export function serverControl(request: ServerRequester): ServerControl {
  return {
    publish: (count, timeoutMs) => request('publish', { count }, timeoutMs),
    waitForSubscribers: (count, timeoutMs) =>
      request('waitForSubscribers', { count, timeoutMs }, timeoutMs + 5_000),
    waitForConnections: (count, timeoutMs) =>
      request('waitForConnections', { count, timeoutMs }, timeoutMs + 5_000),
    memory: () => request<MemorySample>('memory', {}, 30_000),
  };
}
