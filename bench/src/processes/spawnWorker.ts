import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Channel } from '../ipc.js';

/** A worker process and the channel to it. */
export interface Worker {
  readonly label: string;
  readonly channel: Channel;
  /** Resolves once the worker has loaded and registered its handlers. */
  readonly ready: Promise<void>;
  /**
   * Ends the process: politely (IPC disconnect), then by SIGKILL if it lingers `graceMs`
   * (a worker writing a CPU profile on exit needs longer).
   */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Runs TypeScript in workers the same way the orchestrator runs. */
const TSX_LOADER = import.meta.resolve('tsx');

/**
 * Forks `processes/<entry>.ts` with tsx and --expose-gc, plus `nodeFlags` (e.g. `--cpu-prof`),
 * pinned to `cpu` when given.
 * Every worker is tracked, so {@link killAllWorkers} can end them all whatever happens to the
 * orchestrator.
 */
export function spawnWorker(
  entry: 'serverWorker' | 'clientWorker',
  label: string,
  nodeFlags: readonly string[] = [],
  cpu?: number,
): Worker {
  const child = fork(fileURLToPath(new URL(`./${entry}.ts`, import.meta.url)), [], {
    execArgv: ['--import', TSX_LOADER, '--expose-gc', ...nodeFlags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  // Pinned before the worker has loaded anything, so all its work runs on that CPU.
  if (cpu !== undefined && child.pid !== undefined) {
    execFileSync('taskset', ['-p', '-c', String(cpu), String(child.pid)], { stdio: 'ignore' });
  }
  const channel = new Channel(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      channel.close(`${label} exited (${signal ?? `code ${code}`})`);
      resolve();
    });
  });
  child.on('error', (error) => channel.close(`${label} failed: ${error.message}`));
  return {
    label,
    channel,
    ready: channel.ready,
    async stop(graceMs = 3_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Kills every worker still running, at once; for error paths and signals. */
export function killAllWorkers(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}
