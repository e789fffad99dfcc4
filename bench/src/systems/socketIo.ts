import { createServer as createHttpServer } from 'node:http';
import { Server } from 'socket.io';
import { io as connectIo } from 'socket.io-client';
import { pacedPublish } from './pacedPublish.js';
import {
  BENCH_MAX_MESSAGE_BYTES,
  type BenchConnection,
  type Payload,
  type SystemAdapter,
  type TickEvent,
} from './types.js';

/** A socket with more than this many packets waiting in engine.io's write buffer makes the publisher wait. */
const HIGH_WATER_PACKETS = 1_024;
const ROOM = 'ticks';

interface ServerToClient {
  tick: (event: TickEvent) => void;
}

interface ClientToServer {
  echo: (payload: Payload, ack: (payload: Payload) => void) => void;
  subscribe: (ack: () => void) => void;
}

/**
 * socket.io 4: calls are `emitWithAck` answered by the handler's ack callback. Clients use the
 * WebSocket transport only (`transports: ['websocket']`; the default starts with HTTP long-polling)
 * and `forceNew`, so each connection gets its own socket instead of sharing a Manager.
 * Fan-out: subscribers join a room and the server broadcasts with `io.to(room).emit`, which
 * encodes each event once and writes it to every socket in the room.
 */
export const socketIo: SystemAdapter = {
  id: 'socket.io',
  label: 'socket.io 4',

  async startServer(port) {
    const httpServer = createHttpServer();
    const io = new Server<ClientToServer, ServerToClient>(httpServer, {
      serveClient: false,
      // Raised from 1 MB so the payload-size workload's 1 MiB strings fit.
      maxHttpBufferSize: BENCH_MAX_MESSAGE_BYTES,
    });
    io.on('connection', (socket) => {
      socket.on('echo', (payload, ack) => ack(payload));
      socket.on('subscribe', (ack) => {
        void socket.join(ROOM);
        ack();
      });
    });
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, '127.0.0.1', () => resolve());
    });
    const address = httpServer.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    return {
      url: `ws://127.0.0.1:${bound}`,
      connections: () => io.engine.clientsCount,
      subscribers: () => io.sockets.adapter.rooms.get(ROOM)?.size ?? 0,
      publish: (count) =>
        pacedPublish(
          count,
          (seq) => io.to(ROOM).emit('tick', { seq }),
          () => {
            for (const socket of io.sockets.sockets.values()) {
              // engine.io's write buffer is private in its types but is the only backlog it keeps.
              const { writeBuffer } = socket.conn as unknown as { writeBuffer: readonly unknown[] };
              if (writeBuffer.length > HIGH_WATER_PACKETS) return true;
            }
            return false;
          },
        ),
      close: async () => {
        io.disconnectSockets(true);
        await io.close();
      },
    };
  },

  async connect(url, options) {
    const socket = connectIo(url, {
      ...(options?.localAddress ? { localAddress: options.localAddress } : {}),
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const connection: BenchConnection = {
      call: (payload) => socket.emitWithAck('echo', payload),
      async subscribe(onEvent) {
        socket.on('tick', onEvent);
        await socket.emitWithAck('subscribe');
      },
      async close() {
        socket.disconnect();
      },
    };
    return connection;
  },
};
