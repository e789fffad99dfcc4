import type { SystemRuns } from './runner.js';
import { median, type Summary, summarize } from './stats.js';
import { BASELINE } from './systems/registry.js';
import type { BenchMode, MetricSpec } from './workloads/types.js';

/**
 * A baseline whose slowest paired run is more than this many times its fastest moved during the
 * run (the machine changed speed): the report says so under the table.
 */
export const BASELINE_SPREAD_WARNING = 1.5;

/** A metric as reported: a scale workload's metric is measured once per level. */
export interface ReportMetric extends MetricSpec {
  /** The level (connections, subscribers, bytes) of a scale workload's metric. */
  readonly level?: number;
  /** The workload's own metric key, without the level. */
  readonly baseKey?: string;
}

/** Everything measured for one workload. */
export interface WorkloadResult {
  readonly id: string;
  readonly title: string;
  /** Runs of each system. */
  readonly runs: number;
  readonly params: unknown;
  readonly metrics: readonly ReportMetric[];
  readonly systems: readonly SystemRuns[];
  /** Ratios are medians of per-round ratios to the baseline (see `Workload.paired`). */
  readonly paired?: boolean;
  /** What the levels of a scale workload count, e.g. `connections`. */
  readonly levelLabel?: string;
}

/** A workload's metrics as reported: once per level for a scale workload. */
export function reportMetrics(
  metrics: readonly MetricSpec[],
  levels: readonly number[] | undefined,
): ReportMetric[] {
  if (!levels) return [...metrics];
  return metrics.flatMap((metric) =>
    levels.map((level) => ({
      ...metric,
      key: `${metric.key}@${level}`,
      baseKey: metric.key,
      level,
    })),
  );
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
  /** Memory, usable CPUs, file and port limits (see `describeMachine`). */
  readonly machine?: Readonly<Record<string, string | number>>;
  readonly versions: Readonly<Record<string, string>>;
}

interface MetricRow {
  readonly system: string;
  readonly label: string;
  readonly samples: readonly number[];
  readonly summary: Summary | undefined;
  /**
   * Median over the baseline's median, or for a paired workload the median of the per-round
   * ratios; undefined when there is nothing to divide.
   */
  readonly ratio: number | undefined;
  /** Each round's value over the baseline's value of that round (paired workloads only). */
  readonly pairedRatios: readonly number[] | undefined;
  readonly error: string | undefined;
}

const isUsable = (value: number | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** Each run's value of `key`, by round (runs recorded before rounds were kept count in order). */
function byRound(runs: SystemRuns, key: string): Map<number, number> {
  const values = new Map<number, number>();
  runs.runs.forEach((run, index) => {
    const value = run[key];
    if (isUsable(value)) values.set(run.round ?? index, value);
  });
  return values;
}

function rowsOf(result: WorkloadResult, metric: MetricSpec): MetricRow[] {
  const baselineRuns = result.systems.find((runs) => runs.system === BASELINE);
  const baselineByRound = baselineRuns ? byRound(baselineRuns, metric.key) : new Map();
  const baselineSamples = [...baselineByRound.values()];
  const baseline = baselineSamples.length > 0 ? summarize(baselineSamples).median : undefined;
  return result.systems.map((runs) => {
    const values = byRound(runs, metric.key);
    const samples = [...values.values()];
    const summary = samples.length > 0 ? summarize(samples) : undefined;
    let ratio =
      summary && baseline !== undefined && baseline !== 0 && Number.isFinite(baseline)
        ? summary.median / baseline
        : undefined;
    let pairedRatios: number[] | undefined;
    if (result.paired) {
      pairedRatios = [];
      for (const [round, value] of values) {
        const base = baselineByRound.get(round);
        if (isUsable(base) && base !== 0) pairedRatios.push(value / base);
      }
      ratio = pairedRatios.length > 0 ? median(pairedRatios) : undefined;
    }
    return {
      system: runs.system,
      label: runs.label,
      samples,
      summary,
      ratio,
      pairedRatios,
      error: runs.error,
    };
  });
}

/** The warning line under a paired table whose baseline moved, if it did. */
function baselineWarning(rows: readonly MetricRow[], metric: MetricSpec): string | undefined {
  const baseline = rows.find((row) => row.system === BASELINE)?.summary;
  if (!baseline || baseline.min <= 0) return undefined;
  const spread = baseline.max / baseline.min;
  if (spread <= BASELINE_SPREAD_WARNING) return undefined;
  return (
    `warning: raw ws itself moved ${spread.toFixed(2)}× across its runs ` +
    `(${formatNumber(baseline.min)}–${formatNumber(baseline.max)} ${metric.unit}): the machine ` +
    'changed speed during this run. The paired ratios compare each run with the raw ws run of ' +
    'its round; trust them over the absolute figures, and rerun if the pairs spread too.'
  );
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

/** A level as a short figure: 1k, 10k, 1 MiB. */
export function formatLevel(level: number, label: string | undefined): string {
  if (label === 'bytes') {
    if (level >= 1_048_576) return `${formatNumber(level / 1_048_576)} MiB`;
    if (level >= 1_024) return `${formatNumber(level / 1_024)} KiB`;
    return `${level} B`;
  }
  if (level >= 1_000 && level % 1_000 === 0) return `${(level / 1_000).toLocaleString('en-US')}k`;
  return level.toLocaleString('en-US');
}

/** A scale workload's tables: one per metric, a column per level, each cell "median (× raw ws)". */
function scaleTables(result: WorkloadResult): string[] {
  const out: string[] = [];
  const bases = [...new Set(result.metrics.map((metric) => metric.baseKey ?? metric.key))];
  for (const base of bases) {
    const metrics = result.metrics.filter((metric) => (metric.baseKey ?? metric.key) === base);
    const first = metrics[0];
    if (!first) continue;
    const what = first.label === first.unit ? first.unit : `${first.label} in ${first.unit}`;
    out.push('', `${what} by ${result.levelLabel}, ${first.better} is better; (× raw ws)`);
    const perLevel = metrics.map((metric) => rowsOf(result, metric));
    const rows = result.systems.map((runs, index) => [
      runs.label,
      ...perLevel.map((levelRows) => {
        const row = levelRows[index];
        if (!row?.summary) return runs.error ? 'failed' : '–';
        const ratio = row.ratio === undefined ? '' : ` (${row.ratio.toFixed(2)}×)`;
        return `${formatNumber(row.summary.median)}${ratio}`;
      }),
    ]);
    out.push(
      table(
        [
          result.levelLabel ?? 'level',
          ...metrics.map((m) => formatLevel(m.level ?? 0, result.levelLabel)),
        ],
        rows,
        [false, ...metrics.map(() => true)],
      ),
    );
    for (const runs of result.systems.filter((candidate) => candidate.error)) {
      out.push(`${runs.label} failed: ${runs.error}`);
    }
  }
  return out;
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
    if (result.levelLabel) {
      out.push(...scaleTables(result));
      continue;
    }
    if (result.paired) {
      out.push(
        'Runs are short slices taking turns across systems; "× raw ws" is the median of each',
        'run\'s ratio to the raw ws run of the same round, "pairs" the range of those ratios.',
      );
    }
    for (const metric of result.metrics) {
      const what = metric.label === metric.unit ? metric.unit : `${metric.label} in ${metric.unit}`;
      out.push('', `${what}, ${metric.better} is better`);
      const metricRows = rowsOf(result, metric);
      const rows = metricRows.map((row) => {
        if (!row.summary) return [row.label, 'failed', row.error ?? 'no samples', '', ''];
        const range = `${formatNumber(row.summary.min)}–${formatNumber(row.summary.max)}`;
        const ratio = row.ratio === undefined ? '–' : `${row.ratio.toFixed(2)}×`;
        const note = row.error ? `  (then failed: ${row.error})` : '';
        const pairs =
          row.pairedRatios && row.pairedRatios.length > 0
            ? `${Math.min(...row.pairedRatios).toFixed(2)}–${Math.max(...row.pairedRatios).toFixed(2)}`
            : '–';
        return result.paired
          ? [row.label, formatNumber(row.summary.median), range, ratio, pairs + note]
          : [row.label, formatNumber(row.summary.median), range, ratio + note];
      });
      out.push(
        result.paired
          ? table(['system', 'median', 'min–max', '× raw ws', 'pairs'], rows, [
              false,
              true,
              true,
              true,
              false,
            ])
          : table(['system', 'median', 'min–max', '× raw ws'], rows, [false, true, true, false]),
      );
      const warning = result.paired ? baselineWarning(metricRows, metric) : undefined;
      if (warning) out.push(warning);
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
      paired: result.paired ?? false,
      levelLabel: result.levelLabel ?? null,
      metrics: result.metrics.map((metric) => ({
        ...metric,
        systems: rowsOf(result, metric).map((row) => ({
          system: row.system,
          samples: row.samples,
          ...row.summary,
          label: row.label,
          ratioToBaseline: row.ratio ?? null,
          ...(row.pairedRatios ? { pairedRatios: row.pairedRatios } : {}),
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
