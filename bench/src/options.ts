import type { BenchMode } from './workloads/types.js';

/** What a `pnpm bench` invocation asked for. */
export interface BenchOptions {
  readonly mode: BenchMode;
  /** Runs of each workload on each system. @default 5, or 3 in short mode (fewer for slow workloads) */
  readonly runs: number;
  /** Whether `--runs` was given, which overrides the caps of slow workloads (`maxRuns`). */
  readonly runsGiven: boolean;
  /** Workload ids to run. @default all */
  readonly workloads: readonly string[] | undefined;
  /** System ids to run; the baseline is always added. @default all */
  readonly systems: readonly string[] | undefined;
  /** Where the JSON report goes, relative to the bench package. @default results/latest.json */
  readonly out: string;
  /** Print how long each run took. @default false */
  readonly verbose: boolean;
  /**
   * CPU placement of the workers: `off` leaves it to the OS; `same` pins every worker to one CPU
   * (no cross-CPU wake-ups: the most repeatable figures, measuring the work per call); `split`
   * pins servers and clients to different CPUs. Needs Linux's `taskset`. @default off
   */
  readonly pin: PinMode;
  /** Adds the slow scale levels (50,000 idle connections). @default false */
  readonly large: boolean;
  /** Idle-connection levels instead of the mode's, e.g. `--connections=1000,10000,19000`. */
  readonly connections: readonly number[] | undefined;
}

/** See {@link BenchOptions.pin}. */
export type PinMode = 'off' | 'same' | 'split';

const USAGE = `Usage: pnpm bench [-- --short] [--runs=N] [--workloads=a,b] [--systems=a,b] [--out=path]
  --short          quick mode (also BENCH_SHORT=1): fewer runs, smaller workloads
  --runs=N         runs of each workload per system (default 5, short 3; fan-out and
                   idle-memory at most 3, short 2)
  --workloads=...  only these workload ids
  --systems=...    only these system ids (raw-ws is always included)
  --out=path       JSON report path (default results/latest.json)
  --verbose        print how long each run took
  --large          adds the slow scale levels (50,000 idle connections; needs \`ulimit -n\` above 50,200)
  --connections=N,N  idle-connections levels instead of the defaults (1000,10000; 50000 with --large)
  --pin=MODE       off (default: the OS places the workers), same (all on one CPU: the most
                   repeatable figures) or split (servers and clients on different CPUs)`;

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Reads options from the command line and the environment; throws with the usage on a bad flag. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  let short = env.BENCH_SHORT === '1' || env.BENCH_SHORT === 'true';
  let runs: number | undefined;
  let workloads: string[] | undefined;
  let systems: string[] | undefined;
  let out = 'results/latest.json';
  let verbose = false;
  let pin: PinMode = 'off';
  let large = false;
  let connections: number[] | undefined;
  for (const arg of argv) {
    const [flag, value = ''] = arg.split('=', 2) as [string, string?];
    switch (flag) {
      case '--':
        break;
      case '--short':
        short = true;
        break;
      case '--runs':
        runs = Number(value);
        if (!Number.isInteger(runs) || runs < 1)
          throw new Error(`--runs needs a positive integer\n${USAGE}`);
        break;
      case '--workloads':
        workloads = list(value);
        break;
      case '--systems':
        systems = list(value);
        break;
      case '--out':
        out = value;
        break;
      case '--connections':
        connections = list(value).map(Number);
        if (connections.some((level) => !Number.isInteger(level) || level < 1))
          throw new Error(`--connections takes positive whole numbers\n${USAGE}`);
        break;
      case '--large':
        large = true;
        break;
      case '--verbose':
        verbose = true;
        break;
      case '--pin':
        if (value !== 'off' && value !== 'same' && value !== 'split')
          throw new Error(`--pin takes off, same or split\n${USAGE}`);
        pin = value;
        break;
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${arg}\n${USAGE}`);
    }
  }
  return {
    mode: short ? 'short' : 'full',
    runs: runs ?? (short ? 3 : 5),
    runsGiven: runs !== undefined,
    workloads,
    systems,
    out,
    verbose,
    pin,
    large,
    connections,
  };
}
