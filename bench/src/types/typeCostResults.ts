import { readFileSync, writeFileSync } from 'node:fs';

/** What `tsc --extendedDiagnostics` reports of one app that the bench keeps. */
export interface Diagnostics {
  readonly checkSec: number;
  readonly totalSec: number;
  readonly memoryKb: number;
  readonly instantiations: number;
}

/** The apps `pnpm bench:types` generates at each size, in the order they are shown. */
export const TYPE_COST_APPS = ['wirecall', 'trpc', 'wirecall-contract', 'zod-only'] as const;

/** One kind of generated app. */
export type TypeCostApp = (typeof TYPE_COST_APPS)[number];

/** How each app is named in tables and charts. */
export const TYPE_COST_LABELS: Readonly<Record<TypeCostApp, string>> = {
  wirecall: 'wirecall',
  trpc: 'tRPC v11',
  'wirecall-contract': 'contract only',
  'zod-only': 'zod only',
};

/** The figures of every app at one size. */
export interface TypeCostLevel {
  readonly procedures: number;
  readonly apps: Readonly<Record<TypeCostApp, Diagnostics>>;
}

/** A results file of `pnpm bench:types --out=…` (`bench/results/YYYY-MM-DD-types.json`). */
export interface TypeCostFile {
  readonly kind: 'type-cost';
  readonly meta: {
    readonly startedAt: string;
    /** Rounds of every app at every size; each figure is their median. */
    readonly rounds: number;
    readonly typescript: string;
    readonly node: string;
    readonly cpus: string;
    readonly machine: Readonly<Record<string, string | number>>;
    readonly versions: Readonly<Record<string, string>>;
  };
  readonly levels: readonly TypeCostLevel[];
}

/** Whether a results file's name is that of a type-cost file. */
export function isTypeCostFile(name: string): boolean {
  return name.endsWith('-types.json');
}

export function writeTypeCost(path: string, file: TypeCostFile): void {
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}

export function readTypeCost(path: string): TypeCostFile {
  const file = JSON.parse(readFileSync(path, 'utf8')) as TypeCostFile;
  if (file.kind !== 'type-cost') throw new Error(`${path} is not a bench:types results file`);
  return file;
}
