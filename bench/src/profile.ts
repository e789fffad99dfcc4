/**
 * `pnpm bench:profile`: runs one workload on one system with `node --cpu-prof` on its server and
 * client processes, then prints each process's busiest functions by self time. See README.md.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option } from './cliOptions.js';
import { selfTimes } from './cpuProfile.js';
import { assertBuiltWirecall, buildIfStale } from './environment.js';
import { killAllWorkers } from './processes/spawnWorker.js';
import { formatNumber } from './report.js';
import { openSession } from './runner.js';
import { getSystemInfo } from './systems/registry.js';
import { getWorkload } from './workloads/registry.js';

const USAGE = `Usage: pnpm bench:profile [-- --system=wirecall] [--workload=throughput-64] [--seconds=5] [--top=20]`;

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  buildIfStale();
  assertBuiltWirecall();
  const system = getSystemInfo(option('system') ?? 'wirecall');
  const workload = getWorkload(option('workload') ?? 'throughput-64');
  const seconds = Number(option('seconds') ?? 5);
  const top = Number(option('top') ?? 20);
  if (!(seconds > 0 && seconds <= 60) || !(top > 0)) throw new Error(USAGE);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'profiles', stamp);
  const dirs = { server: join(root, 'server'), client: join(root, 'client') };
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir, { recursive: true })));

  // The workload's full-mode sizes, with its measured part stretched to about `seconds`.
  const params: Record<string, unknown> = { ...(workload.params('full') as object) };
  if (typeof params.durationMs === 'number') params.durationMs = seconds * 1_000;
  // Sequential calls take 100–200 µs each: about `seconds` worth of them.
  if (typeof params.calls === 'number') params.calls = seconds * 5_000;
  const session = await openSession(workload, system, params, undefined, {
    serverFlags: ['--cpu-prof', `--cpu-prof-dir=${dirs.server}`],
    clientFlags: ['--cpu-prof', `--cpu-prof-dir=${dirs.client}`],
    exitGraceMs: 60_000,
  });
  try {
    await session.run(0);
  } finally {
    await session.close();
  }
  const result = session.result();
  if (result.error) throw new Error(`${workload.id} on ${system.label} failed: ${result.error}`);
  console.log(`${workload.id} on ${system.label}:`, result.runs[0]);

  for (const [role, dir] of Object.entries(dirs)) {
    // Thread 0 is the main thread; the others are loader threads (tsx), busy only at startup.
    const files = (await readdir(dir)).filter((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name));
    for (const file of files) {
      const { busyMs, top: functions } = await selfTimes(join(dir, file));
      console.log(`\n${role} (${join(dir, file)}), busy ${formatNumber(busyMs)} ms:`);
      console.log('  self ms   share  function');
      for (const entry of functions.slice(0, top)) {
        console.log(
          `  ${formatNumber(entry.ms).padStart(7)}  ${entry.percent.toFixed(1).padStart(5)}%  ${entry.fn}`,
        );
      }
    }
  }
}

process.on('exit', killAllWorkers);
main().catch((error: unknown) => {
  killAllWorkers();
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
