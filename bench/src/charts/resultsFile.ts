import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTypeCostFile } from '../types/typeCostResults.js';

/** One system's cell of a metric in a results file (see `toJson` in report.ts). */
export interface ResultCell {
  readonly system: string;
  readonly label: string;
  readonly samples: readonly number[];
  readonly median?: number;
  readonly min?: number;
  readonly max?: number;
  readonly ratioToBaseline: number | null;
  readonly error: string | null;
}

/** One metric of a workload; a scale workload's metric comes once per level. */
export interface ResultMetric {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
  readonly level?: number;
  readonly baseKey?: string;
  readonly systems: readonly ResultCell[];
}

/** One workload of a results file. */
export interface ResultWorkload {
  readonly id: string;
  readonly title: string;
  readonly runCount: number;
  readonly paired?: boolean;
  readonly levelLabel?: string | null;
  readonly metrics: readonly ResultMetric[];
}

/** A results file as `pnpm bench` writes it. */
export interface ResultsFile {
  readonly meta: {
    readonly startedAt: string;
    readonly durationSec: number;
    readonly mode: string;
    readonly node: string;
    readonly platform: string;
    readonly cpus: string;
    readonly pin: string;
    readonly machine?: Readonly<Record<string, string | number>>;
    readonly versions: Readonly<Record<string, string>>;
  };
  readonly workloads: readonly ResultWorkload[];
}

/**
 * The committed results files of `pnpm bench` in `dir` (`YYYY-MM-DD*.json`), or with `types` those
 * of `pnpm bench:types` (`YYYY-MM-DD*-types.json`); newest name last.
 */
export function committedResults(dir: string, types = false): string[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}-\d{2}-\d{2}.*\.json$/.test(name) && isTypeCostFile(name) === types)
    .sort();
}

/** Reads and merges results files: a workload in a later file replaces the same one in earlier files. */
export function readResults(paths: readonly string[]): ResultsFile {
  const files = paths.map((path) => JSON.parse(readFileSync(path, 'utf8')) as ResultsFile);
  const first = files[0];
  if (!first) throw new Error('No results file');
  const workloads = new Map<string, ResultWorkload>();
  for (const file of files) {
    for (const workload of file.workloads) {
      // Files written before cells carried their label show the system id instead.
      const metrics = workload.metrics.map((metric) => ({
        ...metric,
        systems: metric.systems.map((value) => ({ ...value, label: value.label ?? value.system })),
      }));
      workloads.set(workload.id, { ...workload, metrics });
    }
  }
  return { meta: first.meta, workloads: [...workloads.values()] };
}

export { join };
