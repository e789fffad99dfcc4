import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { createClient } from '@wirecall/client';
import {
  attachToFastify,
  createServer,
  serveExpress,
  serveHono,
  type WirecallServer,
} from '@wirecall/server';
import { testContract } from '@wirecall/test-utils';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createTestHandlers } from './testHandlers.js';

/** A wirecall server hosted one way, on a loopback port. */
interface Host extends AsyncDisposable {
  /** `ws://` URL of the wirecall endpoint. */
  readonly url: string;
  /** `ws://` URL of a path that no wirecall server serves. */
  readonly unknownUrl: string;
  /** `http://` URL of a plain HTTP route, and the status it answers with. */
  readonly http: { readonly url: string; readonly status: number };
}

type HostFactory = (server: WirecallServer) => Promise<Host>;

function listening(httpServer: HttpServer): Promise<number> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', () => resolve((httpServer.address() as AddressInfo).port));
  });
}

function closed(httpServer: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    httpServer.close(() => resolve());
    httpServer.closeAllConnections();
  });
}

/** Hosts on an HTTP server made by `make`, which answers `GET /health` with 200. */
function onHttpServer(
  make: () => HttpServer,
  hook: (server: WirecallServer, httpServer: HttpServer) => void,
): HostFactory {
  return async (server) => {
    const httpServer = make();
    hook(server, httpServer);
    const port = await listening(httpServer);
    return {
      url: `ws://127.0.0.1:${port}/rpc`,
      unknownUrl: `ws://127.0.0.1:${port}/elsewhere`,
      http: { url: `http://127.0.0.1:${port}/health`, status: 200 },
      async [Symbol.asyncDispose]() {
        await server.close();
        await closed(httpServer);
      },
    };
  };
}

const nodeHttp = () =>
  createHttpServer((request, response) => {
    response.writeHead(request.url === '/health' ? 200 : 404).end('ok');
  });

const expressApp = () => {
  const app = express();
  app.get('/health', (_request, response) => {
    response.send('ok');
  });
  // `app.listen` would start listening at once; the host listens on a port of its choosing.
  return createHttpServer(app);
};

const hosts: Array<[name: string, host: HostFactory]> = [
  [
    'server.listen',
    async (server) => {
      const { url, port } = await server.listen({ path: '/rpc' });
      return {
        url,
        unknownUrl: `ws://127.0.0.1:${port}/elsewhere`,
        http: { url: `http://127.0.0.1:${port}/rpc`, status: 426 },
        [Symbol.asyncDispose]: () => server.close(),
      };
    },
  ],
  [
    'node:http with attach',
    onHttpServer(nodeHttp, (server, httpServer) => server.attach(httpServer, { path: '/rpc' })),
  ],
  [
    'Express 5 with attach',
    onHttpServer(expressApp, (server, httpServer) => server.attach(httpServer, { path: '/rpc' })),
  ],
  [
    'Express 5 with handleUpgrade',
    onHttpServer(expressApp, (server, httpServer) =>
      httpServer.on('upgrade', (request, socket, head) => {
        if (request.url === '/rpc') server.handleUpgrade(request, socket, head);
        else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }),
    ),
  ],
  [
    'Fastify 5 with attach',
    async (server) => {
      const app = Fastify();
      app.get('/health', async () => 'ok');
      await app.listen({ port: 0, host: '127.0.0.1' });
      server.attach(app.server, { path: '/rpc' });
      const { port } = app.server.address() as AddressInfo;
      return {
        url: `ws://127.0.0.1:${port}/rpc`,
        unknownUrl: `ws://127.0.0.1:${port}/elsewhere`,
        http: { url: `http://127.0.0.1:${port}/health`, status: 200 },
        async [Symbol.asyncDispose]() {
          await server.close();
          await app.close();
        },
      };
    },
  ],
  [
    'Express 5 with serveExpress',
    async (server) => {
      const app = express();
      app.get('/health', (_request, response) => {
        response.send('ok');
      });
      const httpServer = serveExpress(server, app, { path: '/rpc' });
      const port = await listening(httpServer);
      return {
        url: `ws://127.0.0.1:${port}/rpc`,
        unknownUrl: `ws://127.0.0.1:${port}/elsewhere`,
        http: { url: `http://127.0.0.1:${port}/health`, status: 200 },
        async [Symbol.asyncDispose]() {
          await server.close();
          await closed(httpServer);
        },
      };
    },
  ],
  [
    'Fastify 5 with attachToFastify',
    async (server) => {
      const app = Fastify();
      app.get('/health', async () => 'ok');
      attachToFastify(server, app, { path: '/rpc' });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      return {
        url: `ws://127.0.0.1:${port}/rpc`,
        unknownUrl: `ws://127.0.0.1:${port}/elsewhere`,
        http: { url: `http://127.0.0.1:${port}/health`, status: 200 },
        // Closing Fastify closes the wirecall server too, open WebSockets and all.
        [Symbol.asyncDispose]: () => app.close(),
      };
    },
  ],
  [
    'Hono with serveHono',
    async (server) => {
      const app = new Hono();
      app.get('/health', (c) => c.text('ok'));
      const httpServer = serveHono(server, app, { path: '/rpc' });
      const port = await listening(httpServer);
      return {
        url: `ws://127.0.0.1:${port}/rpc`,
        unknownUrl: `ws://127.0.0.1:${port}/elsewhere`,
        http: { url: `http://127.0.0.1:${port}/health`, status: 200 },
        async [Symbol.asyncDispose]() {
          await server.close();
          await closed(httpServer);
        },
      };
    },
  ],
  [
    'node:http shared by two wirecall servers',
    onHttpServer(nodeHttp, (server, httpServer) => {
      const other = createServer(testContract, { handlers: createTestHandlers().handlers });
      other.attach(httpServer, { path: '/other' });
      server.attach(httpServer, { path: '/rpc' });
      httpServer.on('close', () => void other.close());
    }),
  ],
];

/** Tries a WebSocket upgrade that should be refused; resolves with the HTTP status it got. */
function refusedUpgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ['wirecall.v1']);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`No answer to the upgrade of ${url}`));
    }, 2_000);
    socket.on('unexpected-response', (request, response) => {
      clearTimeout(timer);
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    socket.on('open', () => {
      clearTimeout(timer);
      socket.terminate();
      reject(new Error(`The upgrade of ${url} was accepted`));
    });
    socket.on('error', () => {});
  });
}

describe.each(hosts)('hosted by %s', (_name, host) => {
  async function setup() {
    const fixture = createTestHandlers();
    const server = createServer(testContract, { handlers: fixture.handlers });
    const hosted = await host(server);
    const client = createClient(testContract, { url: hosted.url });
    return {
      ...hosted,
      server,
      client,
      async [Symbol.asyncDispose]() {
        client.close();
        await hosted[Symbol.asyncDispose]();
      },
    };
  }

  it('answers a query', async () => {
    await using t = await setup();
    await expect(t.client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
    await expect(t.client.chat.send({ room: 'r', text: 'hi' })).resolves.toEqual({ id: 'r' });
  });

  it('streams a subscription to its end', async () => {
    await using t = await setup();
    const events: number[] = [];
    for await (const n of t.client.ticks.subscribe({ count: 3 })) events.push(n);
    expect(events).toEqual([0, 1, 2]);
    expect(t.server.stats().subscriptions).toBe(0);
  });

  it('refuses an upgrade for an unknown path with 404', async () => {
    await using t = await setup();
    await expect(refusedUpgradeStatus(t.unknownUrl)).resolves.toBe(404);
    await expect(t.client.ping()).resolves.toBe('pong');
  });

  it('leaves plain HTTP requests to the host', async () => {
    await using t = await setup();
    const response = await fetch(t.http.url);
    expect(response.status).toBe(t.http.status);
    await response.arrayBuffer();
  });
});

describe('two wirecall servers on one HTTP server', () => {
  it('each serves its own path', async () => {
    const httpServer = createHttpServer();
    const servers = ['one', 'two'].map((name) =>
      createServer<typeof testContract, object>(testContract, {
        handlers: {
          ...createTestHandlers().handlers,
          greet: ({ name: who }) => `${name} greets ${who}`,
        },
      }),
    );
    const [one, two] = servers as [WirecallServer, WirecallServer];
    one.attach(httpServer, { path: '/one' });
    two.attach(httpServer, { path: '/two' });
    const port = await listening(httpServer);
    const clientOne = createClient(testContract, { url: `ws://127.0.0.1:${port}/one` });
    const clientTwo = createClient(testContract, { url: `ws://127.0.0.1:${port}/two?x=1` });
    try {
      await expect(clientOne.greet({ name: 'Ada' })).resolves.toBe('one greets Ada');
      await expect(clientTwo.greet({ name: 'Ada' })).resolves.toBe('two greets Ada');
      expect([one.stats().connections, two.stats().connections]).toEqual([1, 1]);
      await expect(refusedUpgradeStatus(`ws://127.0.0.1:${port}/three`)).resolves.toBe(404);
    } finally {
      clientOne.close();
      clientTwo.close();
      await Promise.all([one.close(), two.close()]);
      await closed(httpServer);
    }
  });

  it('refuses to attach two servers to the same path', () => {
    const httpServer = createHttpServer();
    const { handlers } = createTestHandlers();
    createServer(testContract, { handlers }).attach(httpServer, { path: '/rpc' });
    expect(() =>
      createServer(testContract, { handlers }).attach(httpServer, { path: '/rpc' }),
    ).toThrow(/\/rpc/);
  });

  it('answers an upgrade whose target is not a valid URL with 404 instead of crashing', async () => {
    const server = createServer(testContract, { handlers: createTestHandlers().handlers });
    const { port } = await server.listen();
    try {
      const answer = await rawHttp(
        port,
        'GET //[ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    } finally {
      await server.close();
    }
  });
});

/** Sends `request` as is and resolves with everything the server answers before closing. */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(2_000, () => {
      socket.destroy();
      reject(new Error(`No answer within 2 s; got ${JSON.stringify(answer)}`));
    });
  });
}

describe('thin adapters', () => {
  it('attachToFastify: closing Fastify closes the wirecall server and its open sockets', async () => {
    const server = createServer(testContract, { handlers: createTestHandlers().handlers });
    const app = Fastify();
    attachToFastify(server, app, { path: '/rpc' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const client = createClient(testContract, { url: `ws://127.0.0.1:${port}/rpc` });
    const closes: number[] = [];
    client.on('close', (info) => closes.push(info.code));
    try {
      await expect(client.ping()).resolves.toBe('pong');
      await app.close();
      expect(server.stats().connections).toBe(0);
      expect(closes).toContain(1001);
    } finally {
      client.close();
    }
  });

  it('serveHono: requests reach the fetch app with method, headers and body; answers stream back', async () => {
    const server = createServer(testContract, { handlers: createTestHandlers().handlers });
    const app = new Hono();
    app.post('/echo', async (c) => {
      c.header('set-cookie', 'a=1');
      c.header('x-seen', c.req.header('x-tag') ?? '');
      return c.text(`${c.req.method} ${await c.req.text()}`, 201);
    });
    // A fetch that rejects (past the app's own error handling) is answered 500, not crashed on.
    const fetchApp = {
      fetch: (request: Request) =>
        new URL(request.url).pathname === '/boom'
          ? Promise.reject(new Error('no'))
          : app.fetch(request),
    };
    const httpServer = serveHono(server, fetchApp, { path: '/rpc' });
    const port = await listening(httpServer);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/echo`, {
        method: 'POST',
        headers: { 'x-tag': 't' },
        body: 'x'.repeat(100_000),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-seen')).toBe('t');
      expect(response.headers.getSetCookie()).toEqual(['a=1']);
      expect(await response.text()).toBe(`POST ${'x'.repeat(100_000)}`);
      const boom = await fetch(`http://127.0.0.1:${port}/boom`);
      expect(boom.status).toBe(500);
      await boom.arrayBuffer();
    } finally {
      await server.close();
      await closed(httpServer);
    }
  });
});
