import type { BenchConnection, ConnectOptions, SystemAdapter } from '../systems/types.js';

/**
 * Opens `count` connections, at most `concurrency` handshakes at a time so the server's accept
 * backlog does not overflow. On failure, closes the ones already open and rethrows.
 */
export async function connectMany(
  system: SystemAdapter,
  url: string,
  count: number,
  concurrency = 100,
  options?: ConnectOptions,
): Promise<BenchConnection[]> {
  const connections: BenchConnection[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      connections.push(await system.connect(url, options));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  } catch (error) {
    await closeAll(connections);
    throw error;
  }
  return connections;
}

/** Closes connections, ignoring any that fail to close cleanly. */
export async function closeAll(connections: readonly BenchConnection[]): Promise<void> {
  await Promise.allSettled(connections.map((connection) => connection.close()));
}
