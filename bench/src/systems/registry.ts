import type { SystemAdapter, SystemId, SystemInfo } from './types.js';

/**
 * Every system compared, the baseline first, with how to load its adapter. Adapters load on
 * demand, so a worker process imports only the one system it runs: loading all four libraries
 * in every worker made starting the workers the slowest part of a short run.
 */
const registry: readonly (SystemInfo & { load(): Promise<SystemAdapter> })[] = [
  { id: 'raw-ws', label: 'raw ws', load: async () => (await import('./rawWs.js')).rawWs },
  {
    id: 'raw-ws-json',
    label: 'raw ws + JSON',
    onlyWhenNamed: true,
    load: async () => (await import('./rawWsJson.js')).rawWsJson,
  },
  { id: 'wirecall', label: 'wirecall', load: async () => (await import('./wirecall.js')).wirecall },
  {
    id: 'wirecall-msgpack',
    label: 'wirecall msgpack',
    load: async () => (await import('./wirecallMsgpack.js')).wirecallMsgpack,
  },
  { id: 'trpc', label: 'tRPC v11', load: async () => (await import('./trpc.js')).trpc },
  {
    id: 'socket.io',
    label: 'socket.io 4',
    load: async () => (await import('./socketIo.js')).socketIo,
  },
  {
    id: 'wirecall-http',
    label: 'wirecall http',
    transport: 'http',
    load: async () => (await import('./wirecallHttp.js')).wirecallHttp,
  },
  {
    id: 'trpc-http',
    label: 'tRPC v11 http',
    transport: 'http',
    load: async () => (await import('./trpcHttp.js')).trpcHttp,
  },
];

/** Every system compared, the baseline first. Add a system by adding its adapter here. */
export const systems: readonly SystemInfo[] = registry.map(
  ({ id, label, transport, onlyWhenNamed }) => ({
    id,
    label,
    ...(transport ? { transport } : {}),
    ...(onlyWhenNamed ? { onlyWhenNamed } : {}),
  }),
);

/** The system every ratio is taken against. */
export const BASELINE: SystemId = 'raw-ws';

/** Looks a system up by id. */
export function getSystemInfo(id: string): SystemInfo {
  const system = systems.find((candidate) => candidate.id === id);
  if (!system)
    throw new Error(`Unknown system "${id}"; known: ${systems.map((s) => s.id).join(', ')}`);
  return system;
}

/** Loads a system's adapter by id. */
export async function loadSystem(id: string): Promise<SystemAdapter> {
  const entry = registry.find((candidate) => candidate.id === id);
  if (!entry) throw new Error(`Unknown system "${id}"`);
  return entry.load();
}
