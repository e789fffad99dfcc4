import { serverControl } from './processes/serverControl.js';
import { spawnWorker, type Worker } from './processes/spawnWorker.js';
import type { SystemAdapter, SystemId } from './systems/types.js';
import type { ClientControl, RunContext, Workload } from './workloads/types.js';

/** Every run's values of one workload on one system; `error` when a run failed (runs before it are kept). */
export interface SystemRuns {
  readonly system: SystemId;
  readonly label: string;
  readonly runs: readonly Record<string, number>[];
  readonly error?: string;
}

/** One system's workers for one workload, kept up across that workload's runs. */
export interface Session {
  readonly system: SystemAdapter;
  /** Does one more run, unless an earlier step failed; never throws. */
  run(): Promise<void>;
  result(): SystemRuns;
  /** Stops the workers (killing any that linger). */
  close(): Promise<void>;
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

/** Options of {@link openSession}. */
export interface SessionOptions {
  /** Extra Node flags of the server worker, e.g. `--cpu-prof`. @default none */
  readonly serverFlags?: readonly string[];
  /** Extra Node flags of the client workers. @default none */
  readonly clientFlags?: readonly string[];
  /** Milliseconds a worker may take to exit when the session closes. @default 3_000 */
  readonly exitGraceMs?: number;
}

/**
 * Starts one server worker and the workload's client workers for a system. Never throws: a
 * failure is kept as the session's error and its runs are skipped.
 */
export async function openSession<TParams>(
  workload: Workload<TParams>,
  system: SystemAdapter,
  params: TParams,
  options: SessionOptions = {},
): Promise<Session> {
  const results: Record<string, number>[] = [];
  const workers: Worker[] = [];
  let error: string | undefined;
  let context: RunContext | undefined;
  const close = () =>
    Promise.all(workers.map((worker) => worker.stop(options.exitGraceMs))).then(() => {});
  try {
    const server = spawnWorker('serverWorker', `${system.id} server`, options.serverFlags);
    workers.push(server);
    const clients = Array.from({ length: workload.clientProcesses }, (_, i) =>
      spawnWorker('clientWorker', `${system.id} client ${i + 1}`, options.clientFlags),
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
    context = {
      system: system.id,
      server: serverControl((method, args, timeoutMs) =>
        server.channel.request(method, args, timeoutMs),
      ),
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
    };
  } catch (thrown) {
    error = `start: ${firstLine(thrown)}`;
    await close();
  }
  return {
    system,
    async run() {
      if (error || !context) return;
      try {
        results.push(await workload.run(context, params));
      } catch (thrown) {
        error = firstLine(thrown);
        await close();
      }
    },
    result: () => ({
      system: system.id,
      label: system.label,
      runs: results,
      ...(error ? { error } : {}),
    }),
    close,
  };
}
