import { createFanOutWorkload } from './fanOut.js';
import { createThroughputWorkload } from './throughput.js';
import type { Workload } from './types.js';

/**
 * Calls/s at 64 in flight over HTTP: wirecall's batched POSTs (answered as NDJSON) against tRPC's
 * `httpBatchLink`, in the same run, raw ws as the ceiling.
 */
export const httpThroughput64: Workload = {
  ...(createThroughputWorkload(64) as Workload),
  id: 'http-throughput-64',
  title: 'Call throughput over HTTP, 64 in flight on one client',
  transport: 'http',
  // Both HTTP rows take about a minute on a loaded 2-core machine: in `pnpm bench`, and in
  // `--short` only when named, so bench:short keeps to its two minutes.
  fullOnly: true,
};

/**
 * Fan-out over Server-Sent Events to 50 clients: wirecall's one stream per client against tRPC's
 * `httpSubscriptionLink` (one stream per subscription), raw ws as the ceiling.
 */
export const httpFanOut: Workload = {
  ...(createFanOutWorkload(50, { short: 400, full: 3_000 }) as Workload),
  // Fewer events in short mode than the WebSocket row: one SSE stream per subscription is slow
  // enough (tRPC) that 1,000 events would take bench:short past its two minutes.
  id: 'http-fan-out',
  title: 'Subscription fan-out over Server-Sent Events to 50 clients',
  transport: 'http',
  fullOnly: true,
};
