import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';

/**
 * An HTTP load balancer on loopback that sends each request (not each connection) to the next of
 * its targets in turn, as serverless platforms and stateless balancers do: no stickiness, no
 * WebSocket upgrades. Responses stream through unbuffered, so event streams flow.
 */
export interface RoundRobinProxy extends AsyncDisposable {
  readonly port: number;
  /** `http://127.0.0.1:<port><path>` */
  url(path?: string): string;
  /** Requests sent to each target port so far. */
  readonly served: ReadonlyMap<number, number>;
  /** Event streams (`text/event-stream` responses) open on each target port now. */
  readonly streaming: ReadonlyMap<number, number>;
  /** The ports requests go to now. */
  targets(): readonly number[];
  /** Sends requests to these ports from now on (an instance added or gone). */
  retarget(ports: readonly number[]): void;
}

/**
 * Starts a round-robin proxy in front of `ports` (127.0.0.1). A target that refuses the
 * connection is skipped for the next one (a balancer's health check); a target that dies
 * mid-response cuts the client's response, as a killed function does.
 */
export async function startRoundRobinProxy(ports: readonly number[]): Promise<RoundRobinProxy> {
  let targets = [...ports];
  let next = 0;
  const served = new Map<number, number>();
  const streaming = new Map<number, number>();
  const open = new Set<Socket>();

  const forward = (
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    body: Buffer,
    tries: number,
  ): void => {
    if (targets.length === 0 || tries >= targets.length) {
      outgoing.writeHead(502, { 'content-type': 'text/plain' }).end('No instance answered\n');
      return;
    }
    const port = targets[next++ % targets.length] as number;
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: incoming.headers.host ?? `127.0.0.1:${port}` },
      },
      (answer) => {
        served.set(port, (served.get(port) ?? 0) + 1);
        if (/text\/event-stream/.test(String(answer.headers['content-type']))) {
          streaming.set(port, (streaming.get(port) ?? 0) + 1);
          outgoing.once('close', () => streaming.set(port, (streaming.get(port) ?? 1) - 1));
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        outgoing.flushHeaders();
        answer.on('data', (chunk: Buffer) => outgoing.write(chunk));
        answer.on('end', () => outgoing.end());
        // The instance died mid-response: the client sees its response cut.
        answer.on('aborted', () => outgoing.destroy());
        answer.on('error', () => outgoing.destroy());
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') {
        forward(incoming, outgoing, body, tries + 1);
        return;
      }
      outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(`${error.message}\n`);
    });
    outgoing.on('close', () => upstream.destroy());
    upstream.end(body);
  };

  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => forward(incoming, outgoing, Buffer.concat(chunks), 0));
  });
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    served,
    streaming,
    targets: () => targets,
    retarget: (ports) => {
      targets = [...ports];
    },
    async [Symbol.asyncDispose]() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
