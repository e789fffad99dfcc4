import { hrtime } from 'node:process';

/**
 * Microseconds on the machine's monotonic clock. Node's `hrtime` reads CLOCK_MONOTONIC on Linux,
 * which every process shares, so a time taken in the server worker and one taken in a client
 * worker can be subtracted (publish-to-delivery latency).
 */
export function nowMicros(): number {
  return Number(hrtime.bigint() / 1_000n);
}
