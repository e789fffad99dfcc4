import { CloseCode, createClient, ErrorCode, isRpcError } from '@wirecall/client';
import { testContract } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';

/** A server on a loopback port that answers every `hello` with `welcome`, whatever it holds. */
async function welcomingServer(welcome: unknown) {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: () => 'wirecall.v1',
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket) => {
    socket.once('message', () => socket.send(JSON.stringify(welcome)));
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

describe("the server's welcome is checked", () => {
  it.each([
    [
      'no call slots (calls would wait forever)',
      { maxCallsInFlight: 0 },
      'limits.maxCallsInFlight',
    ],
    ['a negative message size', { maxMessageBytes: -5 }, 'limits.maxMessageBytes'],
    ['a limit that is a string', { maxSubscriptions: 'many' }, 'limits.maxSubscriptions'],
    ['limits that are not an object', 'unlimited', '"limits" must be an object'],
  ])(
    'refuses a welcome with %s: a clear error, and calls fail instead of hanging',
    async (_name, limits, named) => {
      await using server = await welcomingServer({ type: 'welcome', batch: true, limits });
      const client = createClient(testContract, { url: server.url, retry: false });
      const errors: Error[] = [];
      client.on('error', (error) => errors.push(error));
      try {
        const error = await client.ping(undefined, { timeoutMs: 5_000 }).catch((e: unknown) => e);
        expect(isRpcError(error, ErrorCode.CONNECTION_CLOSED)).toBe(true);
        if (isRpcError(error, ErrorCode.CONNECTION_CLOSED))
          expect(error.data?.closeCode).toBe(CloseCode.PROTOCOL_ERROR);
        expect(errors).toHaveLength(1);
        expect(errors[0]?.name).toBe('ProtocolError');
        expect(errors[0]?.message).toContain(named);
      } finally {
        client.close();
      }
    },
  );

  it("takes unlimited limits (JSON's null for a server's Infinity) as no limit", async () => {
    await using server = await welcomingServer({
      type: 'welcome',
      limits: { maxCallsInFlight: null, maxSubscriptions: null, maxMessageBytes: null },
    });
    const client = createClient(testContract, { url: server.url, retry: false });
    try {
      await new Promise<void>((resolve) => client.on('open', resolve));
      expect(client.state).toBe('open');
    } finally {
      client.close();
    }
  });
});
