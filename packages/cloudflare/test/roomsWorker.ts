import { fileURLToPath } from 'node:url';
import type { StartConformanceServer } from '@wirecall/test-utils/conformance';
import { bundleWorker, type RunningWorker, startWorker } from '@wirecall/test-utils/runtimes';

/**
 * Starts the conformance rooms Worker (test/fixtures/conformanceRoom.ts) in a real workerd
 * through miniflare: a Durable Object per room, on a loopback port. The fixture's handlers import
 * `@wirecall/server`; it is resolved to the server's platform-free internal entry, as the package
 * itself imports it, so no Node module (and no `nodejs_compat`) is needed.
 */
export async function startRoomsWorker(): Promise<RunningWorker> {
  const entry = fileURLToPath(new URL('./fixtures/conformanceRoom.ts', import.meta.url));
  const serverInternal = fileURLToPath(new URL('../../server/src/internal.ts', import.meta.url));
  const script = await bundleWorker(entry, { replace: { '@wirecall/server': serverInternal } });
  return startWorker(script, { durableObjects: { ROOMS: 'ConformanceRoom' } });
}

/** `ws://` URL of a room of the running Worker. */
export function roomUrl(worker: RunningWorker, room: string): string {
  return `${worker.url.replace(/^http/, 'ws')}rooms/${room}`;
}

/**
 * A conformance target: one workerd for the whole suite, a fresh room (a fresh object, with
 * fresh handlers) per case; `close` closes that object's connections gracefully, as a deploy.
 */
export function roomsTarget(): StartConformanceServer {
  let worker: Promise<RunningWorker> | undefined;
  const start: StartConformanceServer = async () => {
    worker ??= startRoomsWorker();
    const running = await worker;
    const room = crypto.randomUUID();
    let closing: Promise<void> | undefined;
    return {
      url: roomUrl(running, room),
      close: () => {
        closing ??= fetch(`${running.url}rooms/${room}/__close`).then(async (response) => {
          await response.text();
        });
        return closing;
      },
    };
  };
  start.dispose = async () => {
    const running = await worker;
    worker = undefined;
    await running?.[Symbol.asyncDispose]();
  };
  return start;
}
