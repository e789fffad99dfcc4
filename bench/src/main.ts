/**
 * `pnpm bench`: runs every workload on every system, each in its own server and client processes
 * on 127.0.0.1, prints the tables and writes `results/latest.json`. See README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, platform, release } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assertBuiltWirecall,
  buildIfStale,
  describeCpus,
  describeMachine,
  openFileLimit,
  systemVersions,
} from './environment.js';
import { type PinMode, parseOptions } from './options.js';
import { killAllWorkers } from './processes/spawnWorker.js';
import { formatReport, reportMetrics, toJson, type WorkloadResult } from './report.js';
import { openSession, type SystemProcesses, startProcesses } from './runner.js';
import { BASELINE, systems } from './systems/registry.js';
import type { SystemInfo } from './systems/types.js';
import { workloads } from './workloads/registry.js';
import type { Workload } from './workloads/types.js';

/** Open files a client worker needs for its share of the idle-memory connections, with room to spare. */
const FILES_NEEDED = 4_096;

/** `--pin` needs Linux's `taskset`, and `split` two CPUs. */
function assertCanPin(pin: PinMode): void {
  if (pin === 'off') return;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
  } catch {
    throw new Error('--pin needs the `taskset` command (util-linux); run without --pin');
  }
  if (pin === 'split' && availableParallelism() < 2) {
    throw new Error('--pin=split needs two CPUs; this machine has one');
  }
}

function elapsed(since: number): string {
  return `${((Date.now() - since) / 1_000).toFixed(1)}s`;
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  const options = parseOptions(process.argv.slice(2), process.env);
  assertCanPin(options.pin);
  buildIfStale();
  assertBuiltWirecall();
  const limit = openFileLimit();
  if (limit !== undefined && limit < FILES_NEEDED) {
    console.error(
      `warning: open files limited to ${limit}; the idle-memory workload needs ~${FILES_NEEDED}: raise it with \`ulimit -n ${FILES_NEEDED}\``,
    );
  }
  const selectedWorkloads = workloads.filter((workload) =>
    options.workloads
      ? options.workloads.includes(workload.id)
      : options.mode === 'full' || !workload.fullOnly,
  );
  const selectedSystems = systems.filter((system) =>
    options.systems
      ? system.id === BASELINE || options.systems.includes(system.id)
      : !system.onlyWhenNamed,
  );
  if (selectedWorkloads.length === 0) throw new Error('No workload selected');

  const results: WorkloadResult[] = [];
  // Each system's processes, shared by the workloads that need no processes of their own.
  const shared = new Map<string, Promise<SystemProcesses | undefined>>();
  const sharedFor = (workload: Workload, system: SystemInfo) => {
    if (workload.ownProcesses || workload.clientProcesses !== 1) return undefined;
    let processes = shared.get(system.id);
    if (!processes) {
      processes = startProcesses(system, 1, { pin: options.pin }).catch(() => undefined);
      shared.set(system.id, processes);
    }
    return processes;
  };
  for (const workload of selectedWorkloads) {
    const params = workload.params(options.mode, {
      large: options.large,
      ...(options.connections ? { connections: options.connections } : {}),
    });
    const cap = options.runsGiven ? undefined : workload.maxRuns?.[options.mode];
    const slices = options.runsGiven ? undefined : workload.slices?.[options.mode];
    const runs = slices ?? Math.min(options.runs, cap ?? options.runs);
    const began = Date.now();
    // HTTP workloads run the HTTP systems, the others the WebSocket ones; the baseline runs all.
    const systemsOfWorkload = selectedSystems.filter(
      (system) => system.id === BASELINE || system.transport === workload.transport,
    );
    const sessions = await Promise.all(
      systemsOfWorkload.map(async (system) => {
        const processes = await sharedFor(workload, system);
        // Failed or broken shared processes are replaced by the session's own.
        if (processes?.broken) shared.delete(system.id);
        const usable = processes && !processes.broken ? processes : undefined;
        return openSession(workload, system, params, usable, { pin: options.pin });
      }),
    );
    if (options.verbose) console.error(`  ${workload.id}: processes ready after ${elapsed(began)}`);
    try {
      // Runs are interleaved across systems, each round starting with the next system, so drifting
      // load on the machine spreads over all systems instead of landing on one.
      for (let round = 0; round < runs; round++) {
        for (let i = 0; i < sessions.length; i++) {
          const session = sessions[(round + i) % sessions.length];
          if (!session) continue;
          const runStarted = Date.now();
          await session.run(round);
          if (options.verbose) {
            console.error(
              `  ${workload.id} · ${session.system.label} · run ${round + 1}: ${elapsed(runStarted)}`,
            );
          }
        }
      }
    } finally {
      await Promise.all(sessions.map((session) => session.close()));
    }
    for (const [id, processes] of shared) {
      if ((await processes)?.broken) shared.delete(id);
    }
    const systemRuns = sessions.map((session) => session.result());
    for (const runs of systemRuns.filter((candidate) => candidate.error)) {
      console.error(`  ${workload.id} · ${runs.label} failed: ${runs.error}`);
    }
    console.error(`[${elapsed(startedAt)}] ${workload.id} done (${elapsed(began)})`);
    results.push({
      id: workload.id,
      title: workload.title,
      runs,
      params,
      metrics: reportMetrics(workload.metrics, workload.levels?.(params)),
      systems: systemRuns,
      ...(workload.paired ? { paired: true } : {}),
      ...(workload.levelLabel ? { levelLabel: workload.levelLabel } : {}),
    });
  }

  await Promise.all([...shared.values()].map(async (processes) => (await processes)?.stop()));

  const meta = {
    startedAt: new Date(startedAt).toISOString(),
    durationSec: Math.round((Date.now() - startedAt) / 1_000),
    mode: options.mode,
    node: process.versions.node,
    platform: `${platform()} ${release()}`,
    cpus: describeCpus(),
    pin: options.pin,
    machine: describeMachine(),
    versions: systemVersions(),
  };
  console.log(formatReport(results, meta));
  const out = resolve(dirname(fileURLToPath(import.meta.url)), '..', options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(toJson(results, meta), null, 2)}\n`);
  console.error(`\nWrote ${out} in ${meta.durationSec}s`);
  return results.some((result) => result.systems.some((runs) => runs.error)) ? 1 : 0;
}

// Whatever ends the orchestrator, no worker outlives it.
process.on('exit', killAllWorkers);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllWorkers();
    process.exit(130);
  });
}
const isShort = process.argv.includes('--short') || process.env.BENCH_SHORT === '1';
const watchdog = setTimeout(
  () => {
    console.error('bench: watchdog expired; killing every worker');
    killAllWorkers();
    process.exit(1);
  },
  (isShort ? 5 : 45) * 60_000,
);
watchdog.unref();

main().then(
  (code) => {
    killAllWorkers();
    process.exitCode = code;
  },
  (error: unknown) => {
    killAllWorkers();
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
