/**
 * `pnpm bench:charts [results/file.json …]`: draws the scale workloads of committed results files
 * (default: every `results/YYYY-MM-DD*.json`, later files replacing earlier workloads) as SVG line
 * charts under `docs/performance/` and writes `docs/performance.md` with every table, followed by
 * the newest `results/YYYY-MM-DD*-types.json` of `pnpm bench:types`. Nothing in those files is
 * drawn or written by hand.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLevel } from '../report.js';
import { readTypeCost } from '../types/typeCostResults.js';
import { performancePage } from './page.js';
import { committedResults, join, readResults } from './resultsFile.js';
import { lineChart } from './svgChart.js';
import { typeCostCharts, typeCostSection } from './typeCostSection.js';

const bench = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const docs = resolve(bench, '..', 'docs');
const chartDir = join(docs, 'performance');

const given = process.argv.slice(2).filter((arg) => arg !== '--');
const paths =
  given.length > 0
    ? given.map((path) => resolve(process.cwd(), path))
    : committedResults(join(bench, 'results')).map((name) => join(bench, 'results', name));
if (paths.length === 0)
  throw new Error(
    'No committed results under bench/results/; run the bench with --out=results/<date>.json',
  );
const results = readResults(paths);

rmSync(chartDir, { recursive: true, force: true });
mkdirSync(chartDir, { recursive: true });
const charts = new Map<string, string>();
for (const workload of results.workloads) {
  if (!workload.levelLabel) continue;
  const bases = [...new Set(workload.metrics.map((metric) => metric.baseKey ?? metric.key))];
  for (const base of bases) {
    const metrics = workload.metrics.filter((metric) => (metric.baseKey ?? metric.key) === base);
    const first = metrics[0];
    if (!first || metrics.every((m) => m.systems.every((cell) => !cell.median))) continue;
    const systems = first.systems.map((cell) => ({ system: cell.system, label: cell.label }));
    const file = `${workload.id}-${base}.svg`;
    writeFileSync(
      join(chartDir, file),
      lineChart({
        title: `${workload.title}: ${first.label} (${first.better} is better)`,
        xLabel: workload.levelLabel,
        yLabel: first.unit,
        levels: metrics.map((metric) =>
          formatLevel(metric.level ?? 0, workload.levelLabel ?? undefined),
        ),
        series: systems.map(({ system, label }) => ({
          label,
          values: metrics.map((metric) => metric.systems.find((c) => c.system === system)?.median),
        })),
      }),
    );
    charts.set(`${workload.id}/${base}`, `performance/${file}`);
  }
}
const typeFiles = committedResults(join(bench, 'results'), true);
const typeFile = typeFiles.at(-1);
let typeSection: string[] = [];
if (typeFile) {
  const typeCost = readTypeCost(join(bench, 'results', typeFile));
  for (const [file, spec] of typeCostCharts(typeCost)) {
    writeFileSync(join(chartDir, file), lineChart(spec));
    charts.set(file, `performance/${file}`);
  }
  typeSection = typeCostSection(typeCost, `bench/results/${typeFile}`);
}
const page = performancePage(
  results,
  charts,
  paths.map((path) => `bench/results/${basename(path)}`),
);
writeFileSync(
  join(docs, 'performance.md'),
  typeSection.length > 0 ? `${page}\n${typeSection.join('\n')}\n` : page,
);
// The repository's formatter lays out the tables, so `pnpm lint` accepts the page as generated.
const formatted = spawnSync('pnpm', ['exec', 'biome', 'format', '--write', 'docs/performance.md'], {
  cwd: resolve(bench, '..'),
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (formatted.status !== 0) console.error('bench:charts: could not format docs/performance.md');
console.log(`Wrote docs/performance.md and ${charts.size} SVG charts under docs/performance/`);
