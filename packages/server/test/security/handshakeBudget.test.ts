import { CloseCode } from '@wirecall/server';
import { startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createTestHandlers } from '../testHandlers.js';

/** A socket from loopback address `from` (all of 127/8 is loopback on Linux), upgraded. */
interface Peer {
  readonly socket: WebSocket;
  /** The first message the server sent, or the close code it sent instead. */
  readonly outcome: Promise<{ welcome: boolean } | { code: number; reason: string }>;
  hello(): void;
}

async function connect(url: string, from: string, disposers: Array<() => void>): Promise<Peer> {
  const socket = new WebSocket(url, ['wirecall.v1'], { localAddress: from });
  disposers.push(() => socket.terminate());
  socket.on('error', () => {});
  const outcome = new Promise<{ welcome: boolean } | { code: number; reason: string }>(
    (resolve) => {
      socket.once('message', () => resolve({ welcome: true }));
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    },
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, outcome, hello: () => socket.send(JSON.stringify({ type: 'hello' })) };
}

/** Connects and says hello: resolves with what the server answered. */
async function client(url: string, from: string, disposers: Array<() => void>) {
  const peer = await connect(url, from, disposers);
  peer.hello();
  return peer.outcome;
}

const refusedInHandshake = {
  code: CloseCode.TRY_AGAIN_LATER,
  reason: 'Too many connections in the handshake; retry-after=1000',
};

describe('connections in the handshake (issue 19, item 6)', () => {
  it('keeps silent sockets to their own budget, so authenticated clients still get in', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, {
      handlers,
      maxConnections: 3,
      maxHandshakes: 3,
      maxHandshakesPerIp: 2,
    });
    const disposers: Array<() => void> = [];
    try {
      // Two authenticated clients, then an attacker's silent sockets.
      expect(await client(t.url, '127.0.0.1', disposers)).toEqual({ welcome: true });
      expect(await client(t.url, '127.0.0.1', disposers)).toEqual({ welcome: true });
      const silent = [
        await connect(t.url, '127.0.0.2', disposers),
        await connect(t.url, '127.0.0.2', disposers),
      ];
      // Its third is over its address's share.
      const third = await connect(t.url, '127.0.0.2', disposers);
      expect(await third.outcome).toEqual(refusedInHandshake);
      // The silent ones hold no connection slot: a real client from elsewhere gets the last one.
      expect(await client(t.url, '127.0.0.3', disposers)).toEqual({ welcome: true });
      // Now the authenticated connections are at their limit.
      expect(await client(t.url, '127.0.0.4', disposers)).toEqual({
        code: CloseCode.TRY_AGAIN_LATER,
        reason: 'Server is at its connection limit; retry-after=1000',
      });
      expect(t.server.stats().connections).toBe(5);
      for (const peer of silent) peer.socket.terminate();
      await waitFor(() => t.server.stats().connections === 3);
    } finally {
      for (const dispose of disposers) dispose();
    }
  });

  it('refuses handshakes beyond maxHandshakes from any address, and frees their slots', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, {
      handlers,
      maxHandshakes: 2,
      handshakeTimeoutMs: 300,
    });
    const disposers: Array<() => void> = [];
    try {
      const silent = [
        await connect(t.url, '127.0.0.2', disposers),
        await connect(t.url, '127.0.0.3', disposers),
      ];
      const over = await connect(t.url, '127.0.0.4', disposers);
      expect(await over.outcome).toEqual(refusedInHandshake);
      // The silent ones time out (4408) and give their slots back.
      for (const peer of silent) {
        expect(await peer.outcome).toMatchObject({ code: CloseCode.HANDSHAKE_TIMEOUT });
      }
      expect(await client(t.url, '127.0.0.4', disposers)).toEqual({ welcome: true });
      expect(await client(t.url, '127.0.0.4', disposers)).toEqual({ welcome: true });
      expect(await client(t.url, '127.0.0.4', disposers)).toEqual({ welcome: true });
    } finally {
      for (const dispose of disposers) dispose();
    }
  });

  it('checks maxConnections again when a handshake ends: the late one gets 1013', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers, maxConnections: 1 });
    const disposers: Array<() => void> = [];
    try {
      const first = await connect(t.url, '127.0.0.1', disposers);
      const second = await connect(t.url, '127.0.0.1', disposers);
      first.hello();
      expect(await first.outcome).toEqual({ welcome: true });
      second.hello();
      expect(await second.outcome).toMatchObject({ code: CloseCode.TRY_AGAIN_LATER });
      await waitFor(() => t.server.stats().connections === 1);
    } finally {
      for (const dispose of disposers) dispose();
    }
  });
});
