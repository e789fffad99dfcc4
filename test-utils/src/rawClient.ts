import { WebSocket } from 'ws';

/** A bare `ws` client that speaks the protocol by hand, for tests of malformed input. */
export interface RawClient extends AsyncDisposable {
  readonly socket: WebSocket;
  /** Every decoded message received so far; the messages of a batch one by one. */
  readonly received: Array<Record<string, unknown>>;
  /** Every frame received so far, as text: shows which messages came batched together. */
  readonly frames: string[];
  send(data: unknown): void;
  /** Resolves with the first received message matching `predicate` (past or future). */
  next(
    predicate?: (message: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves when the socket closes, with its code and reason. */
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a raw socket; with `hello`, completes the handshake before resolving. */
export async function openRawClient(
  url: string,
  {
    protocols = ['wirecall.v1'],
    hello = true,
  }: { protocols?: string[]; hello?: boolean | object } = {},
): Promise<RawClient> {
  const socket = new WebSocket(url, protocols);
  const received: Array<Record<string, unknown>> = [];
  const frames: string[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    const text = String(data);
    frames.push(text);
    try {
      const decoded = JSON.parse(text);
      if (Array.isArray(decoded)) received.push(...decoded);
      else received.push(decoded);
    } catch {
      received.push({ unparsable: String(data) });
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
  const client: RawClient = {
    socket,
    received,
    frames,
    closed,
    send(data) {
      socket.send(typeof data === 'string' || Buffer.isBuffer(data) ? data : JSON.stringify(data));
    },
    next(predicate = () => true, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < received.length; seen++) {
            const message = received[seen]!;
            if (predicate(message)) {
              cleanup();
              resolve(message);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `No matching message within ${timeoutMs} ms; got ${JSON.stringify(received)}`,
            ),
          );
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
