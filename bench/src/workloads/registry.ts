import { fanOut, fanOut1000 } from './fanOut.js';
import { httpFanOut, httpThroughput64 } from './http.js';
import { idleConnections } from './idleConnections.js';
import { idleMemory } from './idleMemory.js';
import { latency } from './latency.js';
import { payloadSize } from './payloadSize.js';
import { createThroughputWorkload } from './throughput.js';
import { topicSubscribers } from './topicSubscribers.js';
import type { Workload } from './types.js';

/** Every workload, in report order. Add a workload by adding it here. */
export const workloads: readonly Workload[] = [
  createThroughputWorkload(1),
  createThroughputWorkload(64),
  latency,
  fanOut,
  fanOut1000,
  idleMemory,
  payloadSize,
  topicSubscribers,
  idleConnections,
  httpThroughput64,
  httpFanOut,
];

/** Looks a workload up by id. */
export function getWorkload(id: string): Workload {
  const workload = workloads.find((candidate) => candidate.id === id);
  if (!workload)
    throw new Error(`Unknown workload "${id}"; known: ${workloads.map((w) => w.id).join(', ')}`);
  return workload;
}
