import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  type MetricData,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A metric reader that reads when a test asks. */
class TestReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let contextManager: AsyncLocalStorageContextManager | undefined;

/** The OpenTelemetry SDK with in-memory exporters: spans and metrics a test can read. */
export function otelFixture() {
  // One context manager for the whole test file: what an application sets up once at startup.
  if (contextManager === undefined) {
    contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
  }
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracer: provider.getTracer('test'),
    meter: meterProvider.getMeter('test'),
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    span(name: string, kind?: number): ReadableSpan {
      const found = exporter
        .getFinishedSpans()
        .filter((span) => span.name === name && (kind === undefined || span.kind === kind));
      if (found.length !== 1) {
        throw new Error(`Expected one span "${name}", got ${found.length}`);
      }
      return found[0] as ReadableSpan;
    },
    async metric(name: string): Promise<MetricData | undefined> {
      const { resourceMetrics } = await reader.collect();
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) if (metric.descriptor.name === name) return metric;
      }
      return undefined;
    },
    reset: () => exporter.reset(),
    activeTraceId: () => trace.getActiveSpan()?.spanContext().traceId,
  };
}

/** The sum of a counter's points whose attributes include `where`. */
export function sumOf(metric: MetricData | undefined, where: Record<string, unknown> = {}): number {
  if (!metric) return 0;
  let sum = 0;
  for (const point of metric.dataPoints as DataPoint<number | Histogram>[]) {
    const matches = Object.entries(where).every(([key, value]) => point.attributes[key] === value);
    if (!matches) continue;
    sum += typeof point.value === 'number' ? point.value : point.value.count;
  }
  return sum;
}
