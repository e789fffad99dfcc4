import { decodeMulti, encode } from '@msgpack/msgpack';
import { WebSocket } from 'ws';

type Message = Record<string, unknown>;

/**
 * A bare `ws` client that speaks wirecall.v1.msgpack by hand with another MessagePack library
 * (@msgpack/msgpack), for malformed frames and to show the frames are plain MessagePack.
 */
export interface RawMsgpackClient extends AsyncDisposable {
  readonly socket: WebSocket;
  /** Every message received, the messages of a batch one by one. */
  readonly received: Message[];
  /** Every frame received: whether it was binary, and how many messages it held. */
  readonly frames: Array<{ binary: boolean; messages: number }>;
  /** Sends a message encoded by @msgpack/msgpack, or bytes or text as they are. */
  send(data: Message | Uint8Array | string): void;
  /** Resolves with the first received message matching `predicate` (past or future). */
  next(predicate?: (message: Message) => boolean, timeoutMs?: number): Promise<Message>;
  /** Resolves when the socket closes, with its code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** Opens a raw socket offering `protocols`; with `hello`, completes the handshake first. */
export async function openRawMsgpackClient(
  url: string,
  {
    protocols = ['wirecall.v1.msgpack'],
    hello = true,
  }: { protocols?: string[]; hello?: boolean | Message } = {},
): Promise<RawMsgpackClient> {
  const socket = new WebSocket(url, protocols);
  const received: Message[] = [];
  const frames: Array<{ binary: boolean; messages: number }> = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data: Buffer, isBinary) => {
    if (!isBinary) {
      frames.push({ binary: false, messages: 1 });
      received.push({ text: data.toString('utf8') });
    } else {
      const messages = [...decodeMulti(new Uint8Array(data))] as Message[];
      frames.push({ binary: true, messages: messages.length });
      received.push(...messages);
    }
    for (const wake of waiters) wake();
  });
  socket.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const client: RawMsgpackClient = {
    socket,
    received,
    frames,
    closed,
    send(data) {
      socket.send(typeof data === 'string' || data instanceof Uint8Array ? data : encode(data));
    },
    next(predicate = () => true, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < received.length; seen++) {
            const message = received[seen] as Message;
            if (predicate(message)) {
              cleanup();
              resolve(message);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`No matching message within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async [Symbol.asyncDispose]() {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING)
        socket.terminate();
    },
  };
  if (hello) {
    client.send(hello === true ? { type: 'hello' } : { type: 'hello', ...hello });
    await client.next((message) => message.type === 'welcome');
  }
  return client;
}
