import { afterAll, describe } from 'vitest';
import { callCases } from './callCases.js';
import type { StartConformanceServer } from './conformanceTarget.js';
import { connectionCases } from './connectionCases.js';
import { subscriptionCases } from './subscriptionCases.js';

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
export function describeConformance(name: string, start: StartConformanceServer): void {
  describe(`conformance: ${name}`, () => {
    describe('calls', () => callCases(start));
    describe('subscriptions', () => subscriptionCases(start));
    describe('connections', () => connectionCases(start));
    afterAll(async () => {
      await start.dispose?.();
    });
  });
}
