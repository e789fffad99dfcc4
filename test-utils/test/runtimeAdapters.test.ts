// bunHandler and denoHandler beyond the conformance suite, each in a real process of its runtime:
// the upgrade rules they share with the Node adapter (origin policy, `path`, shutdown, bad
// handshakes), HTTP and Server-Sent Events on the same port (an event stream idle past Bun's
// 10-second response timeout), and two instances sharing `redisPubSub` across runtimes.
import { connect } from 'node:net';
import { createClient } from '@wirecall/client';
import { conformanceContract } from '@wirecall/test-utils/conformance';
import {
  type ListeningProcess,
  type RuntimeName,
  runtimeCommand,
  spawnListening,
} from '@wirecall/test-utils/runtimes';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

const script = new URL('./fixtures/nativeServer.ts', import.meta.url).pathname;
const runtimes: readonly RuntimeName[] = ['bun', 'deno'];

/** A native-adapter server in `runtime`, configured by `env` (see the fixture). */
function startNative(
  runtime: RuntimeName,
  env: Record<string, string> = {},
): Promise<ListeningProcess> {
  return spawnListening({ ...runtimeCommand(runtime, script), env: { ...process.env, ...env } });
}

/** How an upgrade to `url` ends: opened (with its subprotocol), or refused with a status. */
function tryUpgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ opened: string } | { status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['wirecall.v1'], { headers });
    ws.once('open', () => {
      resolve({ opened: ws.protocol });
      ws.close();
    });
    ws.once('unexpected-response', (_request, response) => {
      const retryAfter = response.headers['retry-after'];
      resolve({ status: response.statusCode ?? 0, retryAfter });
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Sends raw bytes to a loopback port; resolves with the status line of the answer. */
function rawStatusLine(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      if (answer.includes('\r\n')) {
        resolve(answer.slice(0, answer.indexOf('\r\n')));
        socket.destroy();
      }
    });
    socket.once('error', reject);
  });
}

describe.each(runtimes)('%s adapter', (runtime) => {
  it('applies the origin policy and the path to upgrades, and refuses a bad handshake with 400', async () => {
    await using server = await startNative(runtime, {
      WIRECALL_PATH: '/rpc',
      WIRECALL_ORIGINS: 'https://app.example',
    });
    const { port } = new URL(server.url);
    expect(await tryUpgrade(server.url, { origin: 'https://app.example' })).toEqual({
      opened: 'wirecall.v1',
    });
    expect(await tryUpgrade(server.url)).toEqual({ opened: 'wirecall.v1' });
    expect(await tryUpgrade(server.url, { origin: 'https://evil.example' })).toMatchObject({
      status: 403,
    });
    expect(await tryUpgrade(`ws://127.0.0.1:${port}/other`)).toMatchObject({ status: 404 });
    // An upgrade without Sec-WebSocket-Key cannot complete: a clear 400, and the server lives on.
    const status = await rawStatusLine(
      Number(port),
      `GET /rpc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Version: 13\r\n\r\n',
    );
    expect(status).toMatch(/^HTTP\/1\.1 400/);
    const client = createClient(conformanceContract, { url: server.url });
    await expect(client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
    client.close();
  });

  it('refuses upgrades with 503 and retry-after while it shuts down, and lets a running call finish', async () => {
    const server = await startNative(runtime);
    try {
      const client = createClient(conformanceContract, { url: server.url, retry: false });
      const slow = client.slow({ ms: 2_000 });
      // Answered after the call ahead of it on the socket: the slow call runs on the server.
      await client.effects();
      server.child.kill('SIGTERM');
      await expect
        .poll(() => tryUpgrade(server.url), { timeout: 5_000, interval: 50 })
        .toEqual({ status: 503, retryAfter: '1' });
      await expect(slow).resolves.toBe(2_000);
      client.close();
    } finally {
      await server.close();
    }
  });

  it('serves calls over HTTP, and an event stream that stays open while idle past 10 s', async () => {
    // No heartbeat: the raw stream below never answers the server's pings.
    await using server = await startNative(runtime, {
      WIRECALL_PATH: '/rpc',
      WIRECALL_HEARTBEAT: 'off',
    });
    const httpUrl = server.url.replace('ws://', 'http://');
    const http = createClient(conformanceContract, { url: httpUrl, transport: 'http' });
    const ws = createClient(conformanceContract, { url: server.url });
    const aborted = new AbortController();
    try {
      await expect(http.greet({ name: 'over HTTP' })).resolves.toBe('Hello, over HTTP!');
      // A raw stream, not the typed client: that one would reconnect and resume unnoticed.
      const input = encodeURIComponent(JSON.stringify({ topic: 'idle' }));
      const response = await fetch(`${httpUrl}?subscribe=feed&input=${input}`, {
        headers: { accept: 'text/event-stream' },
        signal: aborted.signal,
      });
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      /** Reads until the stream has carried `needle`; fails if the stream ends first. */
      const readUntil = async (needle: string) => {
        while (!text.includes(needle)) {
          const { done, value } = await reader.read();
          if (done) throw new Error(`The stream ended before ${needle}; it carried:\n${text}`);
          text += decoder.decode(value, { stream: true });
        }
      };
      await expect.poll(async () => (await ws.effects()).subscriptions).toBe(1);
      await ws.publish({ topic: 'idle', n: 1 });
      await readUntil('{"n":1}');
      // Bun closes a response idle for 10 s unless the adapter lifts its timeout; the server's
      // own SSE ping comes every 15 s.
      await new Promise((resolve) => setTimeout(resolve, 11_500));
      await ws.publish({ topic: 'idle', n: 2 });
      await readUntil('{"n":2}');
    } finally {
      aborted.abort();
      http.close();
      ws.close();
    }
  }, 40_000);
});

describe('bun and deno instances on one redisPubSub', () => {
  it('an event published on either reaches a subscriber on the other', async () => {
    const prefix = `wirecall:test:runtimes:${process.pid}:${Date.now()}:`;
    await using bun = await startNative('bun', { WIRECALL_REDIS_PREFIX: prefix });
    await using deno = await startNative('deno', { WIRECALL_REDIS_PREFIX: prefix });
    const onBun = createClient(conformanceContract, { url: bun.url });
    const onDeno = createClient(conformanceContract, { url: deno.url });
    try {
      const onBunReceived: number[] = [];
      const onDenoReceived: number[] = [];
      const bunFeed = onBun.feed.subscribe(
        { topic: 'shared' },
        { onData: ({ n }) => onBunReceived.push(n) },
      );
      const denoFeed = onDeno.feed.subscribe(
        { topic: 'shared' },
        { onData: ({ n }) => onDenoReceived.push(n) },
      );
      await expect.poll(() => [bunFeed.status, denoFeed.status]).toEqual(['live', 'live']);
      await onDeno.publish({ topic: 'shared', n: 1 });
      await onBun.publish({ topic: 'shared', n: 2 });
      await expect.poll(() => onBunReceived, { timeout: 10_000 }).toEqual([1, 2]);
      await expect.poll(() => onDenoReceived, { timeout: 10_000 }).toEqual([1, 2]);
    } finally {
      onBun.close();
      onDeno.close();
    }
  }, 40_000);
});
