// The client inside workerd, as a test that runs in the Workers runtime itself
// (@cloudflare/vitest-pool-workers), against a conformance server in another process.
import { describe, expect, inject, it } from 'vitest';
import { runClientProbe } from '../src/runtimes/clientProbe.js';

describe('the client inside workerd (vitest-pool-workers)', () => {
  it('calls, subscribes and gets typed errors with the global WebSocket', async () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers');
    expect(await runClientProbe(inject('conformanceUrl'))).toEqual({
      greeting: 'Hello, Ada!',
      events: [0, 2, 4, 6],
      lastEventId: '3',
      error: { code: 'OUT_OF_STOCK', data: { sku: 'tea', left: 0 }, typed: true },
      badInput: { code: 'BAD_INPUT', paths: [['name']] },
    });
  });
});
