import type { SystemRuns } from './runner.js';
import { type Summary, summarize } from './stats.js';
import { BASELINE } from './systems/registry.js';
import type { BenchMode, MetricSpec } from './workloads/types.js';

/** Everything measured for one workload. */
export interface WorkloadResult {
  readonly id: string;
  readonly title: string;
  /** Runs of each system. */
  readonly runs: number;
  readonly params: unknown;
  readonly metrics: readonly MetricSpec[];
  readonly systems: readonly SystemRuns[];
}

/** Where and how the figures were taken. */
export interface BenchMeta {
  readonly startedAt: string;
  readonly durationSec: number;
  readonly mode: BenchMode;
  readonly node: string;
  readonly platform: string;
  readonly cpus: string;
  /** CPU placement of the workers (see `--pin`). */
  readonly pin: string;
  readonly versions: Readonly<Record<string, string>>;
}

interface MetricRow {
  readonly system: string;
  readonly label: string;
  readonly samples: readonly number[];
  readonly summary: Summary | undefined;
  /** Median over the baseline's median; undefined when there is nothing to divide. */
  readonly ratio: number | undefined;
  readonly error: string | undefined;
}

function rowsOf(result: WorkloadResult, metric: MetricSpec): MetricRow[] {
  const samplesOf = (runs: SystemRuns) =>
    runs.runs
      .map((run) => run[metric.key])
      .filter((value): value is number => typeof value === 'number');
  const baselineRuns = result.systems.find((runs) => runs.system === BASELINE);
  const baselineSamples = baselineRuns ? samplesOf(baselineRuns) : [];
  const baseline = baselineSamples.length > 0 ? summarize(baselineSamples).median : undefined;
  return result.systems.map((runs) => {
    const samples = samplesOf(runs);
    const summary = samples.length > 0 ? summarize(samples) : undefined;
    const ratio =
      summary && baseline !== undefined && baseline !== 0 && Number.isFinite(baseline)
        ? summary.median / baseline
        : undefined;
    return { system: runs.system, label: runs.label, samples, summary, ratio, error: runs.error };
  });
}

/** A figure with as many digits as it deserves: 12,345 / 123 / 12.3 / 1.23. */
export function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || value === 0) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function formatParams(params: unknown): string {
  if (typeof params !== 'object' || params === null) return String(params);
  return Object.entries(params)
    .map(
      ([key, value]) => `${key} ${typeof value === 'number' ? formatNumber(value) : String(value)}`,
    )
    .join(', ');
}

function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly boolean[],
): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        rightAligned[column]
          ? cell.padStart(widths[column] ?? 0)
          : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}

/** The report as text tables: per workload and metric, every system's median, min–max and ratio to raw ws. */
export function formatReport(results: readonly WorkloadResult[], meta: BenchMeta): string {
  const out: string[] = [
    `wirecall bench (${meta.mode} mode) — Node ${meta.node}, ${meta.platform}, ${meta.cpus}` +
      (meta.pin === 'off'
        ? ''
        : `, workers pinned: ${meta.pin === 'same' ? 'all on one CPU' : 'servers and clients on different CPUs'}`),
    'Each cell: median of the runs, min–max across runs; "× raw ws" = median / raw ws median.',
    'Figures from a busy or shared machine vary a lot: compare systems within one run, by ratio.',
  ];
  for (const result of results) {
    out.push('', `## ${result.title} (${result.runs} runs; ${formatParams(result.params)})`);
    for (const metric of result.metrics) {
      const what = metric.label === metric.unit ? metric.unit : `${metric.label} in ${metric.unit}`;
      out.push('', `${what}, ${metric.better} is better`);
      const rows = rowsOf(result, metric).map((row) => {
        if (!row.summary) return [row.label, 'failed', row.error ?? 'no samples', ''];
        const range = `${formatNumber(row.summary.min)}–${formatNumber(row.summary.max)}`;
        const ratio = row.ratio === undefined ? '–' : `${row.ratio.toFixed(2)}×`;
        const note = row.error ? `  (then failed: ${row.error})` : '';
        return [row.label, formatNumber(row.summary.median), range, ratio + note];
      });
      out.push(
        table(['system', 'median', 'min–max', '× raw ws'], rows, [false, true, true, false]),
      );
    }
  }
  return out.join('\n');
}

/** The report as JSON: metadata, each workload's parameters, and every sample behind every summary. */
export function toJson(results: readonly WorkloadResult[], meta: BenchMeta): unknown {
  return {
    meta,
    baseline: BASELINE,
    workloads: results.map((result) => ({
      id: result.id,
      title: result.title,
      runCount: result.runs,
      params: result.params,
      metrics: result.metrics.map((metric) => ({
        ...metric,
        systems: rowsOf(result, metric).map((row) => ({
          system: row.system,
          samples: row.samples,
          ...row.summary,
          ratioToBaseline: row.ratio ?? null,
          error: row.error ?? null,
        })),
      })),
      runs: result.systems.map((runs) => ({
        system: runs.system,
        runs: runs.runs,
        error: runs.error ?? null,
      })),
    })),
  };
}
