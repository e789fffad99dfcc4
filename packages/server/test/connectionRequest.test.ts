import { IncomingMessage } from 'node:http';
import { createClient } from '@wirecall/client';
import {
  type ConnectionInit,
  type ConnectionRequest,
  createServer,
  describeRequest,
} from '@wirecall/server';
import { memorySocket, startServer, testContract, waitFor } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestHandlers } from './testHandlers.js';

/** What a context function saw of its request, kept to compare. */
function recordingServer() {
  const seen: ConnectionRequest[] = [];
  const { handlers } = createTestHandlers();
  const options = {
    context: ({ request }: ConnectionInit) => {
      seen.push(request);
      return {};
    },
    handlers,
  };
  return { seen, options };
}

describe('the request a connection is described by', () => {
  it('gives context the URL, headers, remote address and, under Node, the IncomingMessage', async () => {
    const { seen, options } = recordingServer();
    await using t = await startServer(testContract, options);
    const client = createClient(testContract, { url: `${t.url}?room=7` });
    try {
      await expect(client.ping()).resolves.toBe('pong');
    } finally {
      client.close();
    }
    const request = seen[0] as ConnectionRequest;
    expect(request.url).toBe('/?room=7');
    expect(request.header('Sec-WebSocket-Protocol')).toBe('wirecall.v1');
    expect(request.headers['sec-websocket-protocol']).toBe('wirecall.v1');
    expect(request.remoteAddress).toBe('127.0.0.1');
    // Code written against IncomingMessage keeps its `socket.remoteAddress`.
    expect(request.socket.remoteAddress).toBe('127.0.0.1');
    expect(request.raw).toBeInstanceOf(IncomingMessage);
  });

  it('serves any transport given a described request, Node request or none of Node', async () => {
    const { seen, options } = recordingServer();
    const server = createServer(testContract, options);
    try {
      const peer = memorySocket();
      const fetchRequest = new Request('https://example.com/rpc', {
        headers: { authorization: 'Bearer t' },
      });
      server.accept(
        peer.socket,
        describeRequest({
          url: fetchRequest.url,
          headers: fetchRequest.headers,
          remoteAddress: '203.0.113.9',
          raw: fetchRequest,
        }),
      );
      peer.receive(JSON.stringify({ type: 'hello' }));
      await waitFor(() => peer.sent.length === 1);
      expect(JSON.parse(peer.sent[0] as string)).toMatchObject({ type: 'welcome' });
      expect(seen[0]?.header('authorization')).toBe('Bearer t');
      expect(seen[0]?.remoteAddress).toBe('203.0.113.9');
      expect(seen[0]?.raw).toBe(fetchRequest);

      // A stand-in for Node's request, as `accept` took before there was a description.
      const other = memorySocket();
      server.accept(other.socket, {
        url: '/x',
        headers: { host: 'h' },
        socket: { remoteAddress: '198.51.100.1' },
      });
      other.receive(JSON.stringify({ type: 'hello' }));
      await waitFor(() => other.sent.length === 1);
      expect(seen[1]?.url).toBe('/x');
      expect(seen[1]?.remoteAddress).toBe('198.51.100.1');
    } finally {
      await server.close();
    }
  });
});
