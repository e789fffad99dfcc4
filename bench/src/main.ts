/**
 * `pnpm bench`: runs every workload on every system, each in its own server and client processes
 * on 127.0.0.1, prints the tables and writes `results/latest.json`. See README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { platform, release } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuiltWirecall, describeCpus, openFileLimit, systemVersions } from './environment.js';
import { parseOptions } from './options.js';
import { killAllWorkers } from './processes/spawnWorker.js';
import { formatReport, toJson, type WorkloadResult } from './report.js';
import { openSession } from './runner.js';
import { BASELINE, systems } from './systems/registry.js';
import { workloads } from './workloads/registry.js';

/** Open files a client worker needs for its share of the idle-memory connections, with room to spare. */
const FILES_NEEDED = 4_096;

function elapsed(since: number): string {
  return `${((Date.now() - since) / 1_000).toFixed(0)}s`;
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  const options = parseOptions(process.argv.slice(2), process.env);
  assertBuiltWirecall();
  const limit = openFileLimit();
  if (limit !== undefined && limit < FILES_NEEDED) {
    console.error(
      `warning: open files limited to ${limit}; the idle-memory workload needs ~${FILES_NEEDED}: raise it with \`ulimit -n ${FILES_NEEDED}\``,
    );
  }
  const selectedWorkloads = workloads.filter(
    (workload) => !options.workloads || options.workloads.includes(workload.id),
  );
  const selectedSystems = systems.filter(
    (system) => !options.systems || system.id === BASELINE || options.systems.includes(system.id),
  );
  if (selectedWorkloads.length === 0) throw new Error('No workload selected');

  const results: WorkloadResult[] = [];
  for (const workload of selectedWorkloads) {
    const params = workload.params(options.mode);
    const began = Date.now();
    const sessions = await Promise.all(
      selectedSystems.map((system) => openSession(workload, system, params)),
    );
    try {
      // Runs are interleaved across systems, each round starting with the next system, so drifting
      // load on the machine spreads over all systems instead of landing on one.
      for (let round = 0; round < options.runs; round++) {
        for (let i = 0; i < sessions.length; i++)
          await sessions[(round + i) % sessions.length]?.run();
      }
    } finally {
      await Promise.all(sessions.map((session) => session.close()));
    }
    const systemRuns = sessions.map((session) => session.result());
    for (const runs of systemRuns.filter((candidate) => candidate.error)) {
      console.error(`  ${workload.id} · ${runs.label} failed: ${runs.error}`);
    }
    console.error(`[${elapsed(startedAt)}] ${workload.id} done (${elapsed(began)})`);
    results.push({
      id: workload.id,
      title: workload.title,
      params,
      metrics: workload.metrics,
      systems: systemRuns,
    });
  }

  const meta = {
    startedAt: new Date(startedAt).toISOString(),
    durationSec: Math.round((Date.now() - startedAt) / 1_000),
    mode: options.mode,
    runs: options.runs,
    node: process.versions.node,
    platform: `${platform()} ${release()}`,
    cpus: describeCpus(),
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
  (isShort ? 5 : 20) * 60_000,
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
