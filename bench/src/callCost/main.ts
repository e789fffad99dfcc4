/**
 * `pnpm bench:call-cost`: the CPU time one call costs each side of wirecall, with the other side
 * faked in memory, next to what the raw `ws` baseline does for it (see README.md, "Call cost").
 * No sockets: the figure is wirecall's own work per call (encoding, validation, bookkeeping),
 * without the system calls and scheduling that make wall-clock figures on a shared machine
 * move by 2x. Sides take turns within each round; the table shows the median of the rounds.
 */
import { cpuUsage } from 'node:process';
import { positiveInt } from '../cliOptions.js';
import { assertBuiltWirecall, buildIfStale } from '../environment.js';
import { formatNumber } from '../report.js';
import { median } from '../stats.js';
import { assertEcho, makePayload } from '../workloads/payload.js';
import { type MeasuredSide, rawClientSide, serverSide, wirecallClientSide } from './memoryPeers.js';

/** CPU microseconds (user + system) per call over `calls` sequential calls. */
async function measure(side: MeasuredSide, calls: number): Promise<number> {
  const start = cpuUsage();
  for (let n = 0; n < calls; n++) assertEcho(await side.call(makePayload(n)), n);
  const used = cpuUsage(start);
  return (used.user + used.system) / calls;
}

async function main(): Promise<void> {
  buildIfStale();
  assertBuiltWirecall();
  const rounds = positiveInt('rounds', 7);
  const calls = positiveInt('calls', 20_000);
  const sides = {
    'client: wirecall': await wirecallClientSide(),
    'client: raw ws': await rawClientSide(),
    'server: wirecall': await serverSide(false),
    'server: raw ws': await serverSide(true),
  };
  const samples = new Map<string, number[]>(Object.keys(sides).map((name) => [name, []]));
  // Warm-up: every side's hot path optimised before anything counts.
  for (const side of Object.values(sides)) await measure(side, calls);
  for (let round = 0; round < rounds; round++) {
    for (const [name, side] of Object.entries(sides)) {
      samples.get(name)?.push(await measure(side, calls));
    }
  }
  const of = (name: string) => median(samples.get(name) ?? []);
  console.log(`CPU µs per call, median of ${rounds} rounds of ${formatNumber(calls)} calls\n`);
  console.log('side     wirecall  raw ws  wirecall − raw ws');
  console.log('-------  --------  ------  -----------------');
  for (const side of ['client', 'server']) {
    const wirecall = of(`${side}: wirecall`);
    const raw = of(`${side}: raw ws`);
    console.log(
      `${side.padEnd(7)}  ${wirecall.toFixed(2).padStart(8)}  ${raw.toFixed(2).padStart(6)}  ${(wirecall - raw).toFixed(2).padStart(17)}`,
    );
  }
  for (const side of Object.values(sides)) await side.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
