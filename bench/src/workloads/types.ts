import type { SystemAdapter, SystemId } from '../systems/types.js';

/** `short` is the quick check (`--short`), `full` the figures worth quoting. */
export type BenchMode = 'short' | 'full';

/** Options that make the scale workloads larger than a mode's default. */
export interface ScaleOptions {
  /** Adds the levels that take long or need a high open-files limit (50,000 connections). */
  readonly large: boolean;
  /** Idle-connection levels to run instead of the mode's (`--connections=1000,10000`). */
  readonly connections?: readonly number[];
}

/** One number a workload measures per run. */
export interface MetricSpec {
  /** Key in the run's result and in the JSON report. */
  readonly key: string;
  /** Shown in the report, e.g. `calls/s`. */
  readonly label: string;
  /** Unit of the values, e.g. `calls/s`, `µs`, `KiB`. */
  readonly unit: string;
  readonly better: 'higher' | 'lower';
}

/** Memory of the server process after garbage collection, in bytes. */
export interface MemorySample {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
}

/** The server worker, as the orchestrator and client tasks reach it. */
export interface ServerControl {
  /**
   * Publishes `count` fan-out events; resolves when the server has handed the last to the system,
   * with when it began (µs on the machine's monotonic clock, see `nowMicros`).
   */
  publish(count: number, timeoutMs: number): Promise<{ startedAt: number }>;
  /** Resolves once the server holds `count` fan-out subscribers. */
  waitForSubscribers(count: number, timeoutMs: number): Promise<void>;
  /** Resolves once the server holds exactly `count` connections. */
  waitForConnections(count: number, timeoutMs: number): Promise<void>;
  /** The server's memory after a full garbage collection. */
  memory(): Promise<MemorySample>;
}

/** A client worker: runs the workload's client tasks in its own process. */
export interface ClientControl {
  task<TResult>(name: string, args: unknown, timeoutMs: number): Promise<TResult>;
}

/** What one run of a workload gets to drive: the server worker and the client workers. */
export interface RunContext {
  readonly system: SystemId;
  readonly server: ServerControl;
  readonly clients: readonly ClientControl[];
}

/** What a client task gets in the client worker. */
export interface ClientEnv {
  readonly system: SystemAdapter;
  readonly url: string;
  readonly server: ServerControl;
  /** Survives between the tasks of one client worker, e.g. connections held open across tasks. */
  readonly state: Map<string, unknown>;
}

/** A task a workload runs in a client worker; `args` comes over IPC, so it is plain data. */
export type ClientTask<TArgs = never> = (env: ClientEnv, args: TArgs) => Promise<unknown>;

/**
 * A benchmark workload: its orchestrator side (`run`, once per run) and its client side
 * (`clientTasks`, run in client workers at `run`'s request). Add one by adding it to the registry.
 */
export interface Workload<TParams = unknown> {
  readonly id: string;
  readonly title: string;
  /** How many client worker processes a run needs. */
  readonly clientProcesses: number;
  /**
   * Whether the workload needs fresh processes of its own (memory figures would carry what
   * earlier workloads left behind). Otherwise it shares each system's processes with the other
   * workloads of one client process.
   */
  readonly ownProcesses?: boolean;
  /**
   * Whether the workload runs only in full mode (unless named in `--workloads`): the scale
   * workloads open thousands of sockets, which would not fit `--short`'s two minutes.
   */
  readonly fullOnly?: boolean;
  /**
   * `'http'` for a workload of the HTTP systems (those with `transport: 'http'`, plus the
   * baseline for its ratio); the others run the WebSocket systems. @default undefined
   */
  readonly transport?: 'http';
  /** At most this many runs in a mode (unless `--runs` says otherwise), for slow workloads. */
  readonly maxRuns?: Readonly<Partial<Record<BenchMode, number>>>;
  /**
   * Exactly this many runs in a mode (unless `--runs` says otherwise): workloads made of many
   * short slices, interleaved across systems, set it above the default run count.
   */
  readonly slices?: Readonly<Partial<Record<BenchMode, number>>>;
  /**
   * Whether the report pairs each run with the baseline's run of the same round: the ratio is then
   * the median of the per-round ratios, and a baseline that moved across rounds is flagged. For
   * workloads whose absolute figures follow the machine's load (single-call latency).
   */
  readonly paired?: boolean;
  /**
   * The sizes a scale workload steps through in one run (connections, subscribers, bytes): each
   * metric is then measured once per level, under the key `${metric.key}@${level}`.
   */
  levels?(params: TParams): readonly number[];
  /** What a level counts, e.g. `connections`; shown in the report's scale tables. */
  readonly levelLabel?: string;
  /** Runs once after the last run, before the processes are released (e.g. to close held sockets). */
  finish?(context: RunContext, params: TParams): Promise<void>;
  readonly metrics: readonly MetricSpec[];
  /** The workload's sizes and durations in each mode; recorded in the JSON report. */
  params(mode: BenchMode, scale?: ScaleOptions): TParams;
  /** Runs once and returns a value for every metric key. */
  run(context: RunContext, params: TParams): Promise<Record<string, number>>;
  readonly clientTasks: Readonly<Record<string, ClientTask>>;
}
