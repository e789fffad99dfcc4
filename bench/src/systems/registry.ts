import { rawWs } from './rawWs.js';
import { socketIo } from './socketIo.js';
import { trpc } from './trpc.js';
import type { SystemAdapter, SystemId } from './types.js';
import { wirecall } from './wirecall.js';

/** Every system compared, the baseline first. Add a system by adding its adapter here. */
export const systems: readonly SystemAdapter[] = [rawWs, wirecall, trpc, socketIo];

/** The system every ratio is taken against. */
export const BASELINE: SystemId = 'raw-ws';

/** Looks a system up by id. */
export function getSystem(id: string): SystemAdapter {
  const system = systems.find((candidate) => candidate.id === id);
  if (!system)
    throw new Error(`Unknown system "${id}"; known: ${systems.map((s) => s.id).join(', ')}`);
  return system;
}
