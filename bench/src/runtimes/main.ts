// The runtime comparison: calls/s with 64 in flight on one connection, and fan-out (events/s
// delivered to 50 subscribers), for wirecall against the raw WebSocket server of the same
// runtime, on Node, Bun and Deno in one run. Each server runs in a process of its runtime (see
// runtimeServer.ts); the clients are this Node process, the same for every server, so the ratios
// compare servers. Run after `pnpm build`: servers and clients import the built packages.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runtimeBinary } from '@wirecall/test-utils/runtimes';
import { rawWs } from '../systems/rawWs.js';
import type { BenchConnection, SystemAdapter } from '../systems/types.js';
import { wirecall } from '../systems/wirecall.js';

type Runtime = 'node' | 'bun' | 'deno';
type Kind = 'raw' | 'wirecall';

const short = process.argv.includes('--short');
const WARMUP_MS = short ? 300 : 1_000;
const MEASURE_MS = short ? 1_000 : 3_000;
const IN_FLIGHT = 64;
const SUBSCRIBERS = 50;
const EVENTS = short ? 500 : 2_000;
const ROUNDS = short ? 1 : 3;

const script = fileURLToPath(new URL('./runtimeServer.ts', import.meta.url));
const payload = { n: 1, s: 'x'.repeat(100) };

/** The command that runs the server script in `runtime`, on the built packages. */
function command(runtime: Runtime, kind: Kind): [string, string[]] {
  switch (runtime) {
    case 'node':
      return [process.execPath, ['--import', 'tsx', script, kind]];
    case 'bun':
      return [runtimeBinary('bun'), [script, kind]];
    case 'deno':
      return [
        runtimeBinary('deno'),
        [
          'run',
          '--allow-net=127.0.0.1',
          '--allow-read',
          '--allow-env',
          '--no-lock',
          '--sloppy-imports',
          '--node-modules-dir=manual',
          script,
          kind,
        ],
      ];
  }
}

/** A server process, driven over its stdin and stdout. */
class ServerProcess {
  readonly #child: ChildProcess;
  readonly #lines: Interface;
  readonly #waiting: Array<{ prefix: string; resolve: (line: string) => void }> = [];
  #stderr = '';

  constructor(runtime: Runtime, kind: Kind) {
    const [binary, args] = command(runtime, kind);
    this.#child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.stderr?.on('data', (chunk) => {
      this.#stderr += String(chunk);
    });
    this.#lines = createInterface({
      input: this.#child.stdout as NonNullable<ChildProcess['stdout']>,
    });
    this.#lines.on('line', (line) => {
      const index = this.#waiting.findIndex(({ prefix }) => line.startsWith(prefix));
      if (index >= 0) this.#waiting.splice(index, 1)[0]?.resolve(line);
    });
  }

  /** Resolves with the next line that starts with `prefix`; fails after `timeoutMs`. */
  next(prefix: string, timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${prefix} line in ${timeoutMs} ms; stderr:\n${this.#stderr}`)),
        timeoutMs,
      );
      this.#waiting.push({
        prefix,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  send(line: string): void {
    this.#child.stdin?.write(`${line}\n`);
  }

  async close(): Promise<void> {
    this.send('exit');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 3_000);
    await new Promise((resolve) => this.#child.once('exit', resolve));
    clearTimeout(timer);
    this.#lines.close();
  }
}

/** Calls completed per second on one connection with {@link IN_FLIGHT} calls always running. */
async function callsPerSecond(connection: BenchConnection): Promise<number> {
  let stopAt = performance.now() + WARMUP_MS;
  let completed = 0;
  let counting = false;
  const lane = async () => {
    while (performance.now() < stopAt) {
      await connection.call(payload);
      if (counting) completed++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  stopAt = performance.now() + MEASURE_MS;
  counting = true;
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return completed / ((performance.now() - started) / 1_000);
}

/** Events delivered per second to {@link SUBSCRIBERS} subscribers of one published stream. */
async function fanOutPerSecond(
  server: ServerProcess,
  system: SystemAdapter,
  url: string,
): Promise<number> {
  const connections = await Promise.all(
    Array.from({ length: SUBSCRIBERS }, () => system.connect(url)),
  );
  let received = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const expected = SUBSCRIBERS * EVENTS;
  await Promise.all(
    connections.map((connection) =>
      connection.subscribe(() => {
        if (++received === expected) done();
      }),
    ),
  );
  for (;;) {
    server.send('subscribers');
    const line = await server.next('SUBSCRIBERS');
    if (Number(line.split(' ')[1]) >= SUBSCRIBERS) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const started = performance.now();
  server.send(`publish ${EVENTS}`);
  await all;
  const rate = expected / ((performance.now() - started) / 1_000);
  await Promise.all(connections.map((connection) => connection.close()));
  return rate;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

const results: Record<string, { calls: number[]; fanOut: number[] }> = {};
const runtimes: Runtime[] = ['node', 'bun', 'deno'];
const kinds: Kind[] = ['raw', 'wirecall'];
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, so a machine busier in one part of the run weighs on every row alike.
  for (const runtime of runtimes) {
    for (const kind of kinds) {
      const server = new ServerProcess(runtime, kind);
      try {
        const url = (await server.next('LISTENING')).slice('LISTENING '.length).trim();
        const system = kind === 'raw' ? rawWs : wirecall;
        const connection = await system.connect(url);
        const calls = await callsPerSecond(connection);
        await connection.close();
        const fanOut = await fanOutPerSecond(server, system, url);
        const key = `${runtime} ${kind}`;
        const row = results[key] ?? { calls: [], fanOut: [] };
        results[key] = row;
        row.calls.push(calls);
        row.fanOut.push(fanOut);
      } finally {
        await server.close();
      }
    }
  }
}

const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
console.log(
  `\nRuntimes: calls/s at ${IN_FLIGHT} in flight on one connection, and fan-out events/s to ` +
    `${SUBSCRIBERS} subscribers (${EVENTS} events), median of ${ROUNDS} round(s); ` +
    'ratio = wirecall / the raw WebSocket server of the same runtime.\n',
);
console.log(
  '| runtime | raw calls/s | wirecall calls/s | ratio | raw fan-out ev/s | wirecall fan-out ev/s | ratio |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const summary: Record<string, unknown> = {};
for (const runtime of runtimes) {
  const raw = results[`${runtime} raw`];
  const ours = results[`${runtime} wirecall`];
  if (!raw || !ours) continue;
  const figures = {
    rawCalls: median(raw.calls),
    wirecallCalls: median(ours.calls),
    rawFanOut: median(raw.fanOut),
    wirecallFanOut: median(ours.fanOut),
  };
  summary[runtime] = { ...figures, samples: { raw, wirecall: ours } };
  console.log(
    `| ${runtime} | ${fmt(figures.rawCalls)} | ${fmt(figures.wirecallCalls)} | ` +
      `${(figures.wirecallCalls / figures.rawCalls).toFixed(2)}x | ${fmt(figures.rawFanOut)} | ` +
      `${fmt(figures.wirecallFanOut)} | ${(figures.wirecallFanOut / figures.rawFanOut).toFixed(2)}x |`,
  );
}
const out = fileURLToPath(new URL('../../results/latest-runtimes.json', import.meta.url));
mkdirSync(fileURLToPath(new URL('../../results/', import.meta.url)), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), short, inFlight: IN_FLIGHT, subscribers: SUBSCRIBERS, events: EVENTS, rounds: ROUNDS, runtimes: summary }, null, 2)}\n`,
);
console.log(`\nwrote ${out}`);
