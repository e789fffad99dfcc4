import type { Socket } from 'node:net';
import { defineContract, query } from '@wirecall/core';
import { CloseCode, createServer } from '@wirecall/server';
import { openRawClient, type RawClient } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const bigContract = defineContract({
  big: query({ input: z.object({ bytes: z.number() }), output: z.string() }),
});

/** The TCP socket under a `ws` client: pausing it makes a client that never reads. */
function tcpOf(raw: RawClient): Socket {
  return (raw.socket as unknown as { _socket: Socket })._socket;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('call results under backpressure (issue 19, item 2)', () => {
  it('holds answers for a client that does not read and closes it with 4429', async () => {
    let answered = 0;
    const server = createServer(bigContract, {
      handlers: {
        big: ({ bytes }) => {
          answered++;
          return 'x'.repeat(bytes);
        },
      },
      slowSocketTimeoutMs: 500,
      validateOutput: false,
      // 400 unbatched frames in one burst would otherwise meet the frame budget (4430) first:
      // this test is about answers, not floods (security/frameFlood.test.ts is).
      maxFramesPerSecond: 1_000_000,
    });
    const { url } = await server.listen({ port: 0 });
    try {
      await using raw = await openRawClient(url);
      tcpOf(raw).pause();
      const before = process.memoryUsage();
      // 400 calls answered with 512 KB each: 200 MB if every answer were queued.
      for (let id = 1; id <= 400; id++) {
        raw.send({ type: 'call', id, path: 'big', input: { bytes: 512 * 1024 } });
      }
      await until(() => server.stats().connections === 0, 20_000);
      const after = process.memoryUsage();
      expect(server.stats().connections).toBe(0);
      // The handler ran for the calls in flight (64) and those answered before the socket
      // filled, not for all 400: the rest were refused with BACKPRESSURE.
      expect(answered).toBeLessThan(120);
      const grown = after.heapUsed + after.external - (before.heapUsed + before.external);
      expect(grown).toBeLessThan(100 * 1024 * 1024);
      tcpOf(raw).resume();
      expect((await raw.closed).code).toBe(CloseCode.SLOW_CONSUMER);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('stops reading a client that floods refused calls without reading their refusals', async () => {
    const server = createServer(bigContract, {
      handlers: { big: () => new Promise<string>(() => {}) },
      slowSocketTimeoutMs: 4_000,
    });
    const { url } = await server.listen({ port: 0 });
    try {
      await using raw = await openRawClient(url);
      tcpOf(raw).pause();
      // Calls that never end fill maxCallsInFlight; each one more is refused with BACKPRESSURE,
      // an answer several times the size of its call. The refused ids are never running, so
      // one flood frame serves again and again.
      const calls = (from: number, count: number) =>
        JSON.stringify(
          Array.from({ length: count }, (_, i) => ({
            type: 'call',
            id: from + i,
            path: 'big',
            input: { bytes: 1 },
          })),
        );
      raw.send(calls(1, 64));
      const flood = calls(1_000, 10_000);
      const before = process.memoryUsage();
      let peak = 0;
      let sent = 0;
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peak = Math.max(peak, now.heapUsed + now.external - (before.heapUsed + before.external));
      }, 20);
      try {
        // As fast as the server reads them: the client's own buffer is not what is measured.
        while (sent < 300 && server.stats().connections > 0) {
          while (raw.socket.bufferedAmount >= 1_000_000 && server.stats().connections > 0) {
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
          raw.send(flood);
          sent++;
        }
        await until(() => server.stats().connections === 0, 20_000);
      } finally {
        clearInterval(sampler);
      }
      expect(server.stats().connections).toBe(0);
      // Read on, the server would queue some 2.5 MB of refusals for each frame until the
      // slow-socket timeout: paused, it reads a few frames and the client's sends back up.
      expect(sent).toBeLessThan(40);
      expect(peak).toBeLessThan(64 * 1024 * 1024);
      tcpOf(raw).resume();
      expect((await raw.closed).code).toBe(CloseCode.SLOW_CONSUMER);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('answers every call of a client that reads slowly but keeps up', async () => {
    const server = createServer(bigContract, {
      handlers: { big: ({ bytes }) => 'y'.repeat(bytes) },
      highWaterMark: 64 * 1024,
    });
    const { url } = await server.listen({ port: 0 });
    try {
      await using raw = await openRawClient(url);
      tcpOf(raw).pause();
      for (let id = 1; id <= 40; id++) {
        raw.send({ type: 'call', id, path: 'big', input: { bytes: 256 * 1024 } });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      tcpOf(raw).resume();
      for (let id = 1; id <= 40; id++) {
        const answer = await raw.next((m) => m.id === id, 10_000);
        expect(answer).toMatchObject({ type: 'result' });
        expect((answer.output as string).length).toBe(256 * 1024);
      }
    } finally {
      await server.close();
    }
  }, 30_000);
});
