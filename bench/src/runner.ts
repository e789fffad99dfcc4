import type { PinMode } from './options.js';
import { serverControl } from './processes/serverControl.js';
import { spawnWorker, type Worker } from './processes/spawnWorker.js';
import type { SystemId, SystemInfo } from './systems/types.js';
import type { ClientControl, RunContext, Workload } from './workloads/types.js';

/** Every run's values of one workload on one system; `error` when a run failed (runs before it are kept). */
export interface SystemRuns {
  readonly system: SystemId;
  readonly label: string;
  readonly runs: readonly Record<string, number>[];
  readonly error?: string;
}

/** One workload on one system, over that system's processes, across the workload's runs. */
export interface Session {
  readonly system: SystemInfo;
  /** Does run number `round` (from 0), unless an earlier step failed; never throws. */
  run(round: number): Promise<void>;
  result(): SystemRuns;
  /** Ends the session; stops its processes if it started them itself, or if a run failed. */
  close(): Promise<void>;
}

/** Options of {@link startProcesses}. */
export interface ProcessOptions {
  /** Extra Node flags of the server worker, e.g. `--cpu-prof`. @default none */
  readonly serverFlags?: readonly string[];
  /** Extra Node flags of the client workers. @default none */
  readonly clientFlags?: readonly string[];
  /** Milliseconds a worker may take to exit when stopped. @default 3_000 */
  readonly exitGraceMs?: number;
  /** CPU placement of the workers. @default 'off' */
  readonly pin?: PinMode;
}

/** The CPU a worker is pinned to, if any. */
function cpuFor(pin: PinMode | undefined, role: 'server' | 'client'): number | undefined {
  if (pin === 'same') return 0;
  if (pin === 'split') return role === 'server' ? 0 : 1;
  return undefined;
}

/**
 * One system's server worker (its server started) and client workers. Workloads can share them:
 * starting processes is the slowest part of a short run.
 */
export interface SystemProcesses {
  readonly system: SystemInfo;
  readonly clientCount: number;
  /** Whether a worker exited or a run failed on them: they must not be used again. */
  readonly broken: boolean;
  /** What a run of `workload` drives. */
  contextFor(workload: Workload<never>): RunContext;
  markBroken(): void;
  stop(): Promise<void>;
}

interface ForwardedRequest {
  readonly method: string;
  readonly args: unknown;
  readonly timeoutMs: number;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Spawns a system's server worker and `clientCount` client workers and starts the server. */
export async function startProcesses(
  system: SystemInfo,
  clientCount: number,
  options: ProcessOptions = {},
): Promise<SystemProcesses> {
  const workers: Worker[] = [];
  let broken = false;
  const stop = () =>
    Promise.all(workers.map((worker) => worker.stop(options.exitGraceMs))).then(() => {});
  try {
    const server = spawnWorker(
      'serverWorker',
      `${system.id} server`,
      options.serverFlags,
      cpuFor(options.pin, 'server'),
    );
    workers.push(server);
    const clients = Array.from({ length: clientCount }, (_, i) =>
      spawnWorker(
        'clientWorker',
        `${system.id} client ${i + 1}`,
        options.clientFlags,
        cpuFor(options.pin, 'client'),
      ),
    );
    workers.push(...clients);
    await Promise.all(workers.map((worker) => worker.ready));
    const { url } = await server.channel.request<{ url: string }>(
      'start',
      { system: system.id },
      30_000,
    );
    for (const client of clients) {
      client.channel.handle<ForwardedRequest>('server', ({ method, args, timeoutMs }) =>
        server.channel.request(method, args, timeoutMs),
      );
    }
    const control = serverControl((method, args, timeoutMs) =>
      server.channel.request(method, args, timeoutMs),
    );
    return {
      system,
      clientCount,
      get broken() {
        return broken;
      },
      contextFor: (workload) => ({
        system: system.id,
        server: control,
        clients: clients.map(
          (client): ClientControl => ({
            task: (task, args, timeoutMs) =>
              client.channel.request(
                'task',
                { workload: workload.id, task, system: system.id, url, args },
                timeoutMs,
              ),
          }),
        ),
      }),
      markBroken: () => {
        broken = true;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Opens a session of `workload` on `system`: on `shared` processes when given (left running when
 * the session closes, unless a run failed), else on processes of its own. Never throws: a failure
 * is kept as the session's error and its runs are skipped.
 */
export async function openSession<TParams>(
  workload: Workload<TParams>,
  system: SystemInfo,
  params: TParams,
  shared?: SystemProcesses,
  options: ProcessOptions = {},
): Promise<Session> {
  const results: Record<string, number>[] = [];
  let error: string | undefined;
  let processes: SystemProcesses | undefined;
  try {
    processes = shared ?? (await startProcesses(system, workload.clientProcesses, options));
  } catch (thrown) {
    error = `start: ${firstLine(thrown)}`;
  }
  const context = processes?.contextFor(workload as Workload<never>);
  return {
    system,
    async run(round) {
      if (error || !context) return;
      try {
        // The round pairs the run with the baseline's run of the same round in the report.
        results.push({ ...(await workload.run(context, params)), round });
      } catch (thrown) {
        error = firstLine(thrown);
        processes?.markBroken();
      }
    },
    result: () => ({
      system: system.id,
      label: system.label,
      runs: results,
      ...(error ? { error } : {}),
    }),
    async close() {
      if (context && !error && workload.finish) {
        try {
          await workload.finish(context, params);
        } catch (thrown) {
          error = `finish: ${firstLine(thrown)}`;
          processes?.markBroken();
        }
      }
      if (processes && (processes !== shared || processes.broken)) await processes.stop();
    },
  };
}
