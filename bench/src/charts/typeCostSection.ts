import { formatNumber } from '../report.js';
import {
  TYPE_COST_APPS,
  TYPE_COST_LABELS,
  type TypeCostFile,
  type TypeCostLevel,
} from '../types/typeCostResults.js';
import type { ChartSpec } from './svgChart.js';

/** The figures of `pnpm bench:types` that the page shows, each a table and a chart. */
const FIGURES = [
  { key: 'checkSec', label: 'check time', unit: 's', scale: 1 },
  { key: 'memoryKb', label: 'memory', unit: 'MB', scale: 1 / 1024 },
  { key: 'instantiations', label: 'instantiations', unit: 'type instantiations', scale: 1 },
] as const;

type Figure = (typeof FIGURES)[number];

const figureOf = (level: TypeCostLevel, app: keyof TypeCostLevel['apps'], figure: Figure) =>
  level.apps[app][figure.key] * figure.scale;

/** The charts of a type-cost file, by the name of their SVG file. */
export function typeCostCharts(file: TypeCostFile): Map<string, ChartSpec> {
  const charts = new Map<string, ChartSpec>();
  for (const figure of FIGURES) {
    charts.set(`type-cost-${figure.key}.svg`, {
      title: `Type-checking cost: ${figure.label} (lower is better)`,
      xLabel: 'procedures',
      yLabel: figure.unit,
      levels: file.levels.map((level) => level.procedures.toLocaleString('en-US')),
      // tRPC first: the first line is drawn dashed, as the one the others are held against.
      series: ['trpc' as const, ...TYPE_COST_APPS.filter((app) => app !== 'trpc')].map((app) => ({
        label: TYPE_COST_LABELS[app],
        values: file.levels.map((level) => figureOf(level, app, figure)),
      })),
    });
  }
  return charts;
}

/** The page's section: how the figures were made, then a table and a chart per figure. */
export function typeCostSection(file: TypeCostFile, source: string): string[] {
  const out = [
    '## Type-checking cost',
    '',
    `\`pnpm bench:types\` (${file.meta.startedAt.slice(0, 10)}, from ${source}; each cell the median of ${file.meta.rounds ?? 1} rounds taking turns across the apps): the same generated app with N`,
    'procedures (a third each queries, mutations and subscriptions, each with its contract entry, server',
    `handler and a typed client call) in wirecall and in tRPC v11, checked by \`tsc --extendedDiagnostics\``,
    `(TypeScript ${file.meta.typescript}, strict, zod ${file.meta.versions.zod ?? ''}). Each wirecall cell has its ratio to tRPC's in brackets; the`,
    'contract alone ("contract only") and the same zod schemas in a plain object ("zod only") show',
    "what the contract's types add.",
  ];
  for (const figure of FIGURES) {
    const header = ['app', ...file.levels.map((level) => `N = ${level.procedures}`)];
    const rows = TYPE_COST_APPS.map((app) => [
      TYPE_COST_LABELS[app],
      ...file.levels.map((level) => {
        const value = figureOf(level, app, figure);
        const ratio =
          app === 'trpc' ? '' : ` (${(value / figureOf(level, 'trpc', figure)).toFixed(2)}×)`;
        return `${formatNumber(value)}${ratio}`;
      }),
    ]);
    out.push(
      '',
      `### ${figure.label} (${figure.unit}), lower is better`,
      '',
      `| ${header.join(' | ')} |`,
      `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
      ...rows.map((row) => `| ${row.join(' | ')} |`),
      '',
      `![Type-checking cost: ${figure.label}](performance/type-cost-${figure.key}.svg)`,
    );
  }
  return out;
}
