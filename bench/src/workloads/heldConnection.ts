import type { BenchConnection } from '../systems/types.js';
import { closeAll, connectMany } from './connectMany.js';
import type { ClientEnv } from './types.js';

/**
 * The one connection a sliced workload keeps open across its slices, under `key` in the client
 * worker's state, and whether this slice opened it (the first slice warms it up for longer).
 * Slices are short so that systems can take turns; reconnecting for each would measure handshakes.
 */
export async function heldConnection(
  env: ClientEnv,
  key: string,
): Promise<{ connection: BenchConnection; fresh: boolean }> {
  const held = env.state.get(key) as BenchConnection | undefined;
  if (held) return { connection: held, fresh: false };
  const [connection] = await connectMany(env.system, env.url, 1);
  if (!connection) throw new Error('No connection');
  env.state.set(key, connection);
  return { connection, fresh: true };
}

/** Closes the connection {@link heldConnection} kept under `key`, if any. */
export async function releaseHeld(env: ClientEnv, key: string): Promise<void> {
  const held = env.state.get(key) as BenchConnection | undefined;
  env.state.delete(key);
  if (held) await closeAll([held]);
}
