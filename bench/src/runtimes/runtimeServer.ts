// One bench server for the runtime comparison, run by `node`, `bun` or `deno` (see main.ts):
// `raw` is the runtime's own WebSocket server with no protocol (the ceiling: Node's `ws`,
// `Bun.serve`'s websocket, `Deno.upgradeWebSocket`), `wirecall` the same contract as the other
// workloads on the runtime's adapter (`server.listen`, `bunHandler`, `denoHandler`).
// Prints `LISTENING <url>`; on stdin, `publish <count>` sends the fan-out events and answers
// `PUBLISHED`, `subscribers` answers `SUBSCRIBERS <n>`.
import { createInterface } from 'node:readline';
import { pacedPublish } from '../systems/pacedPublish.js';
import { Publisher } from '../systems/publisher.js';
import { BENCH_MAX_MESSAGE_BYTES, type TickEvent } from '../systems/types.js';
import { benchContract } from '../systems/wirecall.js';

/** What a raw socket of any of the runtimes offers the fan-out. */
interface RawSocket {
  send(frame: string): void;
  buffered(): number;
}

interface BunRaw {
  readonly data: { socket?: RawSocket };
  send(data: string | Uint8Array): number;
  getBufferedAmount(): number;
}
interface BunGlobal {
  serve(options: Record<string, unknown>): { readonly port: number };
}
interface DenoSocket {
  readonly bufferedAmount: number;
  send(data: string | ArrayBufferLike | Uint8Array): void;
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
}
interface DenoGlobal {
  serve(
    options: { port: number; hostname: string; onListen?: () => void },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): { readonly addr: { readonly port: number } };
  upgradeWebSocket(request: Request): { socket: DenoSocket; response: Response };
}
const { Bun, Deno } = globalThis as { Bun?: BunGlobal; Deno?: DenoGlobal };

const HIGH_WATER_BYTES = 256 * 1024;
/** First character of the one frame that is not echoed: `S`, "subscribe me" (as in rawWs). */
const SUBSCRIBE = 'S';

const kind = process.argv[2];
const subscribers = new Set<RawSocket>();
let publish: (count: number) => Promise<void>;
let subscriberCount: () => number;
let url: string;

/** A raw frame arrived on `socket`: echo it, or subscribe the socket. */
function onRaw(socket: RawSocket, frame: string | Uint8Array) {
  if (typeof frame === 'string' && frame.startsWith(SUBSCRIBE)) subscribers.add(socket);
  else socket.send(typeof frame === 'string' ? frame : new TextDecoder().decode(frame));
}

if (kind === 'raw') {
  subscriberCount = () => subscribers.size;
  publish = (count) =>
    pacedPublish(
      count,
      (seq) => {
        const frame = JSON.stringify({ seq } satisfies TickEvent);
        for (const socket of subscribers) socket.send(frame);
      },
      () => {
        for (const socket of subscribers) if (socket.buffered() > HIGH_WATER_BYTES) return true;
        return false;
      },
    );
  if (Bun) {
    const bun = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: (request: Request, server: { upgrade(r: Request, o: object): boolean }) =>
        server.upgrade(request, { data: {} })
          ? undefined
          : new Response('ws only', { status: 426 }),
      websocket: {
        maxPayloadLength: BENCH_MAX_MESSAGE_BYTES,
        open(ws: BunRaw) {
          ws.data.socket = {
            send: (frame) => void ws.send(frame),
            buffered: () => ws.getBufferedAmount(),
          };
        },
        message(ws: BunRaw, message: string | Uint8Array) {
          if (ws.data.socket) onRaw(ws.data.socket, message);
        },
        close(ws: BunRaw) {
          if (ws.data.socket) subscribers.delete(ws.data.socket);
        },
      },
    });
    url = `ws://127.0.0.1:${bun.port}`;
  } else if (Deno) {
    const { upgradeWebSocket } = Deno;
    const deno = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: () => {} }, (request) => {
      const { socket, response } = upgradeWebSocket(request);
      const raw: RawSocket = {
        send: (frame) => socket.send(frame),
        buffered: () => socket.bufferedAmount,
      };
      socket.addEventListener('message', (event) => onRaw(raw, event.data as string));
      socket.addEventListener('close', () => subscribers.delete(raw));
      return response;
    });
    url = `ws://127.0.0.1:${deno.addr.port}`;
  } else {
    const { listenWs } = await import('../systems/openWs.js');
    const listening = await listenWs(0);
    listening.wss.on('connection', (ws) => {
      const raw: RawSocket = { send: (frame) => ws.send(frame), buffered: () => ws.bufferedAmount };
      ws.on('error', () => {});
      ws.on('message', (data, isBinary) =>
        onRaw(raw, isBinary ? new Uint8Array(data as Buffer) : String(data)),
      );
      ws.on('close', () => subscribers.delete(raw));
    });
    url = listening.url;
  }
} else if (kind === 'wirecall') {
  const { createServer } = await import('@wirecall/server');
  const publisher = new Publisher();
  const server = createServer(benchContract, {
    handlers: {
      echo: (input) => input,
      ticks: (_input, ctx) => publisher.stream(ctx.signal),
    },
    maxMessageBytes: BENCH_MAX_MESSAGE_BYTES,
  });
  publish = (count) => publisher.publish(count);
  subscriberCount = () => publisher.size;
  if (Bun) {
    const { bunHandler } = await import('@wirecall/server/bun');
    url = `ws://127.0.0.1:${Bun.serve({ port: 0, hostname: '127.0.0.1', ...bunHandler(server) }).port}`;
  } else if (Deno) {
    const { denoHandler } = await import('@wirecall/server/deno');
    const deno = Deno.serve(
      { port: 0, hostname: '127.0.0.1', onListen: () => {} },
      denoHandler(server) as (request: Request, info: unknown) => Response | Promise<Response>,
    );
    url = `ws://127.0.0.1:${deno.addr.port}`;
  } else {
    url = (await server.listen({ port: 0, host: '127.0.0.1' })).url;
  }
} else {
  throw new Error(`runtimeServer.ts: unknown kind "${kind}"; use raw or wirecall`);
}

console.log(`LISTENING ${url}`);
createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, argument] = line.trim().split(' ');
  if (command === 'publish') {
    void publish(Number(argument)).then(() => console.log('PUBLISHED'));
  } else if (command === 'subscribers') {
    console.log(`SUBSCRIBERS ${subscriberCount()}`);
  } else if (command === 'exit') {
    process.exit(0);
  }
});
