/**
 * `pnpm bench:types`: generates the same app with N procedures (a third each queries, mutations,
 * subscriptions; contract, server handlers and a typed client call each) in wirecall and in
 * tRPC 11, type-checks each with `tsc --extendedDiagnostics` (strict) and prints check time,
 * memory and instantiations side by side, plus wirecall's contract alone and the same zod schemas
 * in a plain object. Each figure is the median of `--runs` rounds (default 3) that take turns
 * across the apps. `--trace=N` also writes `tsc --generateTrace` of the contract-only app and
 * of the full app at N procedures.
 * `--out=results/YYYY-MM-DD-types.json` also writes the figures, which `pnpm bench:charts` puts
 * in `docs/performance.md` with a chart. Apps go to `bench/.types/` (gitignored).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option, positiveInt } from '../cliOptions.js';
import { buildIfStale, describeCpus, describeMachine, systemVersions } from '../environment.js';
import { formatNumber } from '../report.js';
import { median } from '../stats.js';
import { generateApp } from './generateApps.js';
import {
  type Diagnostics,
  TYPE_COST_APPS,
  type TypeCostApp,
  type TypeCostLevel,
  writeTypeCost,
} from './typeCostResults.js';

const bench = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = join(bench, '.types');
const tsc = createRequire(import.meta.url).resolve('typescript/lib/tsc.js');

function check(dir: string, extra: readonly string[] = []): Diagnostics {
  const run = spawnSync(
    process.execPath,
    [tsc, '-p', join(dir, 'tsconfig.json'), '--extendedDiagnostics', ...extra],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const out = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) {
    throw new Error(`tsc failed on ${dir}:\n${out.split('\n').slice(0, 20).join('\n')}`);
  }
  const value = (label: string) => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(out);
    if (!match?.[1]) throw new Error(`tsc printed no "${label}" for ${dir}`);
    return Number(match[1]);
  };
  return {
    checkSec: value('Check time'),
    totalSec: value('Total time'),
    memoryKb: value('Memory used'),
    instantiations: value('Instantiations'),
  };
}

/** Each figure's median over the rounds (instantiations are the same in every round). */
function medianOf(runs: readonly Diagnostics[]): Diagnostics {
  const of = (key: keyof Diagnostics) => median(runs.map((run) => run[key]));
  return {
    checkSec: of('checkSec'),
    totalSec: of('totalSec'),
    memoryKb: of('memoryKb'),
    instantiations: of('instantiations'),
  };
}

function count(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e3) return `${Math.round(value / 1e3)}k`;
  return String(value);
}

const describe = (d: Diagnostics) => [
  `${d.checkSec.toFixed(2)} s`,
  `${formatNumber(d.memoryKb / 1024)} MB`,
  count(d.instantiations),
];

function main(): void {
  const startedAt = new Date().toISOString();
  buildIfStale();
  const sizes = (option('n') ?? '100,500,1000').split(',').map(Number);
  const rounds = positiveInt('runs', 3);
  const rows: string[][] = [];
  const levels: TypeCostLevel[] = [];
  for (const n of sizes) {
    for (const kind of TYPE_COST_APPS) generateApp(join(root, `${kind}-${n}`), kind, n);
    // Rounds take turns across the apps, so a machine that changes speed slows each of them.
    const samples = new Map<TypeCostApp, Diagnostics[]>(TYPE_COST_APPS.map((kind) => [kind, []]));
    for (let round = 0; round < rounds; round++) {
      for (const kind of TYPE_COST_APPS) {
        samples.get(kind)?.push(check(join(root, `${kind}-${n}`)));
        console.error(`  checked ${kind} at N=${n} (round ${round + 1} of ${rounds})`);
      }
    }
    const apps = {} as Record<TypeCostApp, Diagnostics>;
    for (const [kind, runs] of samples) apps[kind] = medianOf(runs);
    levels.push({ procedures: n, apps });
    rows.push([
      String(n),
      ...describe(apps.wirecall),
      ...describe(apps.trpc),
      `${(apps.wirecall.instantiations / apps.trpc.instantiations).toFixed(2)}×`,
      ...describe(apps['wirecall-contract']),
      ...describe(apps['zod-only']),
    ]);
  }
  const header = [
    'N',
    'wirecall check',
    'memory',
    'instantiations',
    'tRPC check',
    'memory',
    'instantiations',
    'inst. × tRPC',
    'contract only',
    'memory',
    'instantiations',
    'zod only',
    'memory',
    'instantiations',
  ];
  const typescript: string = createRequire(import.meta.url)('typescript/package.json').version;
  console.log(
    `tsc --extendedDiagnostics (TypeScript ${typescript}, strict, skipLibCheck), median of ${rounds} rounds taking turns across the apps`,
  );
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  const out = option('out');
  if (out) {
    const path = resolve(bench, out);
    writeTypeCost(path, {
      kind: 'type-cost',
      meta: {
        startedAt,
        rounds,
        typescript,
        node: process.version,
        cpus: describeCpus(),
        machine: describeMachine(),
        versions: systemVersions(),
      },
      levels,
    });
    console.log(`\nWrote ${path}`);
  }

  const traceN = Number(option('trace') ?? 0);
  if (traceN > 0) {
    // The contract alone and the whole app: what the server's and client's mapping types add
    // shows as the difference (their `extends AnyProcedure` checks compare schemas).
    for (const kind of ['wirecall-contract', 'wirecall'] as const) {
      const dir = join(root, `${kind}-${traceN}`);
      generateApp(dir, kind, traceN);
      const traceDir = join(root, `trace-${kind}-${traceN}`);
      check(dir, ['--generateTrace', traceDir]);
      console.log(`\nTrace of the ${kind} app at N=${traceN}: ${traceDir}`);
    }
    console.log('Analyse them with: npx @typescript/analyze-trace <dir>');
  }
}

main();
