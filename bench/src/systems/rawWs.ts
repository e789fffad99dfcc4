import { once } from 'node:events';
import WebSocket, { type RawData } from 'ws';
import { closeSocket, closeWs, listenWs } from './openWs.js';
import { pacedPublish } from './pacedPublish.js';
import type { BenchConnection, BenchServer, Payload, SystemAdapter, TickEvent } from './types.js';

/** A socket with more than this many bytes queued makes the publisher wait. */
const HIGH_WATER_BYTES = 256 * 1024;
/** First byte of the one frame that is not echoed: `S`, "subscribe me". */
const SUBSCRIBE = 0x53;

/**
 * What the raw server does with a call frame: `echo` sends the bytes back untouched; `json`
 * parses the frame and answers with a newly encoded envelope, the least any server that reads
 * its messages does (see rawWsJson.ts).
 */
export type RawAnswer = 'echo' | 'json';

/** Starts the raw `ws` server, answering calls as `answer` says. */
export async function startRawServer(port: number, answer: RawAnswer): Promise<BenchServer> {
  const { wss, url } = await listenWs(port);
  const subscribers = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.on('message', (data: RawData, isBinary) => {
      const bytes = data as Buffer;
      if (bytes[0] === SUBSCRIBE) subscribers.add(ws);
      else if (answer === 'echo') ws.send(bytes, { binary: isBinary });
      else {
        const call = JSON.parse(String(bytes)) as { id: number; p: Payload };
        ws.send(JSON.stringify({ type: 'result', id: call.id, p: call.p }));
      }
    });
    ws.on('close', () => subscribers.delete(ws));
  });
  return {
    url,
    connections: () => wss.clients.size,
    subscribers: () => subscribers.size,
    publish: (count) =>
      pacedPublish(
        count,
        (seq) => {
          const frame = JSON.stringify({ seq } satisfies TickEvent);
          for (const ws of subscribers) ws.send(frame);
        },
        () => {
          for (const ws of subscribers) if (ws.bufferedAmount > HIGH_WATER_BYTES) return true;
          return false;
        },
      ),
    close: () => closeWs(wss),
  };
}

/**
 * The ceiling: plain `ws` with no protocol at all. The server echoes each frame back untouched;
 * the client tags calls with an id to match answers, as any multiplexing protocol must.
 * Fan-out: the server serialises each event once and `send`s the frame to every subscribed
 * socket, waiting while a socket's `bufferedAmount` is above a high-water mark.
 */
export const rawWs: SystemAdapter = {
  id: 'raw-ws',
  label: 'raw ws',

  startServer: (port) => startRawServer(port, 'echo'),

  async connect(url, options) {
    const ws = new WebSocket(url, { localAddress: options?.localAddress });
    ws.on('error', () => {});
    await once(ws, 'open');
    const pending = new Map<
      number,
      { resolve: (payload: Payload) => void; reject: (error: Error) => void }
    >();
    let onEvent: ((event: TickEvent) => void) | undefined;
    let nextId = 1;
    ws.on('message', (data: RawData) => {
      const message = JSON.parse(String(data)) as { id: number; p: Payload } | TickEvent;
      if ('id' in message) {
        const call = pending.get(message.id);
        pending.delete(message.id);
        call?.resolve(message.p);
      } else {
        onEvent?.(message);
      }
    });
    ws.on('close', () => {
      for (const call of pending.values()) call.reject(new Error('raw ws: socket closed'));
      pending.clear();
    });
    const connection: BenchConnection = {
      call(payload) {
        const id = nextId++;
        return new Promise((resolve, reject) => {
          pending.set(id, { resolve, reject });
          ws.send(JSON.stringify({ id, p: payload }));
        });
      },
      async subscribe(listener) {
        onEvent = listener;
        ws.send('S');
      },
      close: () => closeSocket(ws),
    };
    return connection;
  },
};
