/** One line of a chart: a system's value at each level (undefined where it has none). */
export interface Series {
  readonly label: string;
  readonly values: readonly (number | undefined)[];
}

/** What {@link lineChart} draws. */
export interface ChartSpec {
  readonly title: string;
  /** Shown under the x axis, e.g. `connections`. */
  readonly xLabel: string;
  /** Shown beside the y axis, e.g. `KiB per connection`. */
  readonly yLabel: string;
  /** The x positions' labels, evenly spaced (the levels are roughly ×10 apart). */
  readonly levels: readonly string[];
  readonly series: readonly Series[];
}

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { top: 40, right: 150, bottom: 50, left: 70 };
/** One colour per system, in registry order, told apart in grey print by their markers too. */
const COLOURS = ['#4d4d4d', '#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#ff7f0e'];
/** A y range wider than this many times is drawn on a log scale. */
const LOG_SCALE_ABOVE = 30;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function tickLabel(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${+(value / 1e6).toPrecision(3)}M`;
  if (magnitude >= 1e3) return `${+(value / 1e3).toPrecision(3)}k`;
  return `${+value.toPrecision(3)}`;
}

/** The y axis: a mapping from value to pixel and the ticks to draw. */
function yAxis(values: readonly number[], height: number) {
  const positive = values.filter((value) => value > 0);
  const max = Math.max(...values, 0);
  const min = Math.min(...positive);
  if (positive.length > 0 && max / min > LOG_SCALE_ABOVE) {
    const low = Math.floor(Math.log10(min));
    const high = Math.ceil(Math.log10(max));
    const span = Math.max(high - low, 1);
    const ticks = Array.from({ length: span + 1 }, (_, i) => 10 ** (low + i));
    return {
      log: true,
      ticks,
      y: (value: number) =>
        height - ((Math.log10(Math.max(value, 10 ** low)) - low) / span) * height,
    };
  }
  const step = niceStep((max || 1) / 5);
  const top = Math.ceil((max || 1) / step) * step;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  return { log: false, ticks, y: (value: number) => height - (value / top) * height };
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** A line chart as a standalone SVG document: levels across, one line per system. */
export function lineChart(spec: ChartSpec): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const all = spec.series.flatMap((series) =>
    series.values.filter((value): value is number => value !== undefined),
  );
  const axis = yAxis(all.length > 0 ? all : [1], plotHeight);
  const step = spec.levels.length > 1 ? plotWidth / (spec.levels.length - 1) : 0;
  const x = (index: number) => (spec.levels.length > 1 ? index * step : plotWidth / 2);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12" role="img">`,
    // Read by screen readers and shown as a tooltip.
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14" font-weight="600">${escapeXml(spec.title)}</text>`,
    `<g transform="translate(${MARGIN.left},${MARGIN.top})">`,
  ];
  for (const tick of axis.ticks) {
    const y = axis.y(tick).toFixed(1);
    parts.push(
      `<line x1="0" x2="${plotWidth}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="-8" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#555">${tickLabel(tick)}</text>`,
    );
  }
  spec.levels.forEach((level, index) => {
    parts.push(
      `<text x="${x(index).toFixed(1)}" y="${plotHeight + 18}" text-anchor="middle" fill="#555">${escapeXml(level)}</text>`,
    );
  });
  parts.push(
    `<line x1="0" x2="${plotWidth}" y1="${plotHeight}" y2="${plotHeight}" stroke="#999"/>`,
    `<line x1="0" x2="0" y1="0" y2="${plotHeight}" stroke="#999"/>`,
    `<text x="${plotWidth / 2}" y="${plotHeight + 40}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
    `<text transform="translate(-55,${plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel + (axis.log ? ' (log scale)' : ''))}</text>`,
  );
  spec.series.forEach((series, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const points = series.values
      .map((value, i) => (value === undefined ? undefined : [x(i), axis.y(value)]))
      .filter((point): point is number[] => point !== undefined);
    if (points.length > 1) {
      const path = points.map(([px, py]) => `${px?.toFixed(1)},${py?.toFixed(1)}`).join(' ');
      parts.push(
        `<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"${index === 0 ? ' stroke-dasharray="6 3"' : ''}/>`,
      );
    }
    for (const [px, py] of points) {
      parts.push(
        `<circle cx="${px?.toFixed(1)}" cy="${py?.toFixed(1)}" r="3.5" fill="${colour}"/>`,
      );
    }
    const legendY = index * 20;
    parts.push(
      `<line x1="${plotWidth + 16}" x2="${plotWidth + 36}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="2"${index === 0 ? ' stroke-dasharray="6 3"' : ''}/>`,
      `<text x="${plotWidth + 42}" y="${legendY}" dominant-baseline="middle">${escapeXml(series.label)}</text>`,
    );
  });
  parts.push('</g>', '</svg>');
  return `${parts.join('\n')}\n`;
}
