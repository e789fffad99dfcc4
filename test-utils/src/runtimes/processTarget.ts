import { fileURLToPath } from 'node:url';
import type {
  ConformanceServer,
  StartConformanceServer,
} from '../conformance/conformanceTarget.js';
import type { RuntimeName } from './runtimeBinaries.js';
import { runtimeCommand } from './runtimeCommand.js';
import { type SpawnListeningOptions, spawnListening } from './spawnListening.js';

/**
 * A conformance target whose server runs in a child process: `runtime script` (see
 * {@link runtimeCommand}) prints `LISTENING <url>` once it listens, and closes gracefully on
 * SIGTERM (SIGKILL follows if it lingers). Every case gets a fresh process; the next one is
 * started while a case runs, so a runtime's start-up time is paid about once.
 * @example
 * describeConformance('bun', processTarget('bun', bunServerScript));
 */
export function processTarget(
  runtime: RuntimeName | 'node',
  script: string,
  options: Partial<SpawnListeningOptions> = {},
): StartConformanceServer {
  const spawnOne = async (): Promise<ConformanceServer> => {
    const spawned = await spawnListening({ ...runtimeCommand(runtime, script), ...options });
    return { url: spawned.url, close: spawned.close };
  };
  let ahead: Promise<ConformanceServer> | undefined;
  const start: StartConformanceServer = async () => {
    const next = ahead ?? spawnOne();
    ahead = spawnOne();
    // A failed start ahead is reported by the case that takes it, not as an unhandled rejection.
    ahead.catch(() => {});
    return next;
  };
  start.dispose = async () => {
    const last = ahead;
    ahead = undefined;
    await last?.then((server) => server.close()).catch(() => {});
  };
  return start;
}

/**
 * The path of the conformance server script that serves through the Node adapter
 * (`server.listen`), for Node, Bun or Deno.
 */
export function listenServerScript(): string {
  // Resolved here, not at import: under jsdom `import.meta.url` is not a file URL.
  return fileURLToPath(new URL('../conformance/servers/listenServer.ts', import.meta.url));
}

/**
 * The path of a conformance server script of a runtime's native adapter: `bunHandler` on
 * `Bun.serve`, or `denoHandler` on `Deno.serve`. Serves on `/rpc`.
 */
export function nativeServerScript(runtime: RuntimeName): string {
  const file = runtime === 'bun' ? 'bunServer.ts' : 'denoServer.ts';
  return fileURLToPath(new URL(`../conformance/servers/${file}`, import.meta.url));
}
