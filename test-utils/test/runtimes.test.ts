// Each runtime the suites run code in starts from its npm package after `pnpm install`: a runtime
// that cannot start fails here, it is never skipped.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import {
  runtimeBinary,
  runtimeCommand,
  spawnListening,
  startWorker,
} from '@wirecall/test-utils/runtimes';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('runtimes installed from npm', () => {
  it('starts bun 1.x', async () => {
    const { stdout } = await run(runtimeBinary('bun'), ['--version']);
    expect(stdout.trim()).toMatch(/^1\.\d+\.\d+$/);
  });

  it('starts deno 2.x', async () => {
    const { stdout } = await run(runtimeBinary('deno'), ['--version']);
    expect(stdout).toMatch(/^deno 2\.\d+\.\d+/);
  });

  it('starts workerd through miniflare and runs a Worker in it', async () => {
    await using worker = await startWorker(
      'export default { fetch: () => new Response(navigator.userAgent) };',
    );
    const response = await worker.fetch('http://worker/');
    expect(await response.text()).toBe('Cloudflare-Workers');
    // workerd listens on a loopback port of its own, for clients in other processes.
    expect(worker.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const direct = await fetch(worker.url);
    expect(await direct.text()).toBe('Cloudflare-Workers');
  });

  it('starts wrangler 4 on this Node', async () => {
    const wrangler = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
    const { stdout } = await run(process.execPath, [wrangler, '--version'], {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
    expect(stdout.trim()).toMatch(/^4\.\d+\.\d+/);
  });

  it('runs workspace TypeScript from source in bun and deno', async () => {
    const script = new URL('./fixtures/imports.ts', import.meta.url).pathname;
    for (const runtime of ['bun', 'deno'] as const) {
      const { command, args } = runtimeCommand(runtime, script);
      const { stdout } = await run(command, args);
      expect(stdout.trim()).toBe('BAD_INPUT INTERNAL');
    }
  });
});

describe('spawnListening', () => {
  it('resolves with the URL a process prints', async () => {
    await using spawned = await spawnListening({
      command: process.execPath,
      args: ['-e', "console.log('LISTENING ws://127.0.0.1:1/x'); setInterval(() => {}, 1000)"],
    });
    expect(spawned.url).toBe('ws://127.0.0.1:1/x');
    await spawned.close();
    expect(spawned.child.signalCode).toBe('SIGTERM');
  });

  it('rejects with the stderr of a process that exits before listening', async () => {
    await expect(
      spawnListening({
        command: process.execPath,
        args: ['-e', "console.error('no port for you'); process.exit(3)"],
      }),
    ).rejects.toThrow(/exited \(3\) before listening; stderr:\nno port for you/);
  });

  it('rejects when the binary is missing, and kills a process that stays silent', async () => {
    await expect(spawnListening({ command: '/nonexistent/runtime', args: [] })).rejects.toThrow(
      /failed to start/,
    );
    await expect(
      spawnListening({
        command: process.execPath,
        args: ['-e', 'setInterval(() => {}, 1000)'],
        startTimeoutMs: 300,
      }),
    ).rejects.toThrow(/printed no LISTENING line in 300 ms/);
  });

  it('sends SIGKILL to a process that ignores SIGTERM', async () => {
    await using spawned = await spawnListening({
      command: process.execPath,
      args: [
        '-e',
        "process.on('SIGTERM', () => {}); console.log('LISTENING ws://127.0.0.1:1/'); setInterval(() => {}, 1000)",
      ],
      closeTimeoutMs: 200,
    });
    await spawned.close();
    expect(spawned.child.signalCode).toBe('SIGKILL');
  });
});
