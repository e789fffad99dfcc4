import { afterAll, describe } from 'vitest';
import { callCases } from './callCases.js';
import { withNotApplicable } from './conformanceIt.js';
import type { StartConformanceServer } from './conformanceTarget.js';
import { connectionCases } from './connectionCases.js';
import { subscriptionCases } from './subscriptionCases.js';

/** Options of {@link describeConformance}. */
export interface DescribeConformanceOptions {
  /**
   * Cases the target cannot run, by exact title, each with why: they are registered as skipped
   * with the reason in their title, so a report shows them. @default none
   */
  readonly notApplicable?: Readonly<Record<string, string>>;
}

/**
 * Registers the conformance suite for one server adapter: every case starts a fresh server with
 * `start`, puts a TCP proxy in front of it and drives it with the public `@wirecall/client`.
 * @example
 * describeConformance('server.listen', async () => {
 *   const server = createServer(conformanceContract, conformanceServerOptions());
 *   const { url } = await server.listen({ port: 0 });
 *   return { url, close: () => server.close() };
 * });
 */
export function describeConformance(
  name: string,
  start: StartConformanceServer,
  options: DescribeConformanceOptions = {},
): void {
  describe(`conformance: ${name}`, () => {
    // Vitest runs each describe's body after its parent's: the cases are registered inside.
    const skipped = options.notApplicable ?? {};
    describe('calls', () => withNotApplicable(skipped, () => callCases(start)));
    describe('subscriptions', () => withNotApplicable(skipped, () => subscriptionCases(start)));
    describe('connections', () => withNotApplicable(skipped, () => connectionCases(start)));
    afterAll(async () => {
      await start.dispose?.();
    });
  });
}
