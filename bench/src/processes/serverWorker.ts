/**
 * The server process of a run: starts one system's server and does what the orchestrator (or a
 * client task, through it) asks. Run with --expose-gc so memory is measured after a full GC.
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { nowMicros } from '../clock.js';
import { Channel } from '../ipc.js';
import { loadSystem } from '../systems/registry.js';
import type { BenchServer } from '../systems/types.js';
import type { MemorySample } from '../workloads/types.js';

const channel = new Channel(process);
let server: BenchServer | undefined;

function running(): BenchServer {
  if (!server) throw new Error('The server has not been started');
  return server;
}

async function waitUntil(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function measureMemory(): Promise<MemorySample> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('Run the server worker with --expose-gc');
  // Several passes with turns in between, so finalizers and weak callbacks run and free more.
  for (let pass = 0; pass < 4; pass++) {
    gc();
    await nextTurn();
  }
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}

channel.handle<{ system: string }>('start', async ({ system }) => {
  server = await (await loadSystem(system)).startServer(0);
  return { url: server.url };
});
channel.handle<{ count: number }>('publish', async ({ count }) => {
  const startedAt = nowMicros();
  await running().publish(count);
  return { startedAt };
});
channel.handle<{ count: number; timeoutMs: number }>('waitForSubscribers', ({ count, timeoutMs }) =>
  waitUntil(`${count} subscribers`, () => running().subscribers() >= count, timeoutMs),
);
channel.handle<{ count: number; timeoutMs: number }>('waitForConnections', ({ count, timeoutMs }) =>
  waitUntil(`${count} connections`, () => running().connections() === count, timeoutMs),
);
channel.handle('memory', measureMemory);
channel.handle('stop', async () => {
  await server?.close();
  server = undefined;
  setImmediate(() => process.exit(0));
});

// The orchestrator going away for any reason ends this process too.
process.on('disconnect', () => process.exit(0));
channel.announceReady();
