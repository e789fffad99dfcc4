// The client runs unchanged in Bun, Deno and workerd: a probe script using `@wirecall/client`
// does a call, a subscription and typed errors inside a real process of each runtime, against a
// Node conformance server on a loopback port.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer } from '@wirecall/server';
import {
  conformanceCloseOptions,
  conformanceContract,
  conformanceServerOptions,
} from '@wirecall/test-utils/conformance';
import {
  bundleWorker,
  type ClientProbeResult,
  probeMainScript,
  probeWorkerEntry,
  runtimeCommand,
  startWorker,
} from '@wirecall/test-utils/runtimes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** What the probe must see in every runtime. */
const expected: ClientProbeResult = {
  greeting: 'Hello, Ada!',
  events: [0, 2, 4, 6],
  lastEventId: '3',
  error: { code: 'OUT_OF_STOCK', data: { sku: 'tea', left: 0 }, typed: true },
  badInput: { code: 'BAD_INPUT', paths: [['name']] },
};

describe('the client in other runtimes', () => {
  const server = createServer(conformanceContract, conformanceServerOptions());
  let url = '';
  beforeAll(async () => {
    ({ url } = await server.listen({ port: 0 }));
  });
  afterAll(() => server.close(conformanceCloseOptions));

  it.each(['bun', 'deno'] as const)(
    'runs in %s, with its default and the global WebSocket',
    async (runtime) => {
      const { command, args } = runtimeCommand(runtime, probeMainScript(), [url]);
      const { stdout } = await run(command, args, { timeout: 20_000 });
      const line = stdout.split('\n').find((each) => each.startsWith('RESULT '));
      expect(line, stdout).toBeDefined();
      expect(JSON.parse(line?.slice('RESULT '.length) ?? '{}')).toEqual({
        byDefault: expected,
        native: expected,
      });
      expect(server.stats().connections).toBe(0);
    },
  );

  it('runs in workerd (miniflare), bundled for Workers with the global WebSocket', async () => {
    await using worker = await startWorker(await bundleWorker(probeWorkerEntry()));
    const response = await worker.fetch(`http://probe/?url=${encodeURIComponent(url)}`);
    const body = await response.text();
    expect(response.status, body).toBe(200);
    expect(JSON.parse(body)).toEqual({ byDefault: expected });
  });
});
