/** What the server does with events a subscriber has no room for (see the backpressure guide). */
export type OverflowPolicy = 'buffer' | 'drop-oldest' | 'drop-newest' | 'latest';

/** Flow-control defaults of a subscription, declared in the contract and overridable per subscribe. */
export interface FlowOptions {
  /**
   * Events the client may hold before it grants more credit: the most a slow consumer ever has
   * buffered. @default 256
   */
  readonly window?: number;
  /**
   * What a push source (`ctx.queue()`, `ctx.pubsub`) does with events for a subscriber that has
   * fallen `bufferSize` events behind. @default 'buffer'
   */
  readonly overflow?: OverflowPolicy;
  /** Events held for a slow subscriber before the overflow policy applies. @default 1_000 */
  readonly bufferSize?: number;
}

/** The largest window (and credit) a subscription may have: 2^31 - 1 events. */
export const MAX_WINDOW = 2 ** 31 - 1;

/** The largest number of events a server holds for one slow subscriber. */
export const MAX_BUFFER_SIZE = 1_000_000;

const overflowPolicies: ReadonlySet<unknown> = new Set<OverflowPolicy>([
  'buffer',
  'drop-oldest',
  'drop-newest',
  'latest',
]);

/** Whether a value names an overflow policy. */
export function isOverflowPolicy(value: unknown): value is OverflowPolicy {
  return overflowPolicies.has(value);
}

function isCount(value: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= 1 && value <= max;
}

/**
 * Checks flow options, from a contract or a `subscribe` call.
 * @throws TypeError naming the bad option.
 */
export function assertFlowOptions(flow: FlowOptions | undefined, where: string): void {
  if (flow === undefined) return;
  const { window, overflow, bufferSize } = flow;
  if (window !== undefined && !isCount(window, MAX_WINDOW))
    throw new TypeError(`${where}: flow.window must be a whole number from 1 to 2^31 - 1`);
  if (bufferSize !== undefined && !isCount(bufferSize, MAX_BUFFER_SIZE))
    throw new TypeError(`${where}: flow.bufferSize must be a whole number from 1 to 1,000,000`);
  if (overflow !== undefined && !isOverflowPolicy(overflow))
    throw new TypeError(
      `${where}: flow.overflow must be buffer, drop-oldest, drop-newest or latest`,
    );
}
