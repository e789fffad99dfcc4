// The conformance suite against every Node adapter that exists today, through its public API only.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import {
  attachToFastify,
  createServer,
  serveExpress,
  serveHono,
  type WirecallServer,
} from '@wirecall/server';
import {
  type ConformanceServer,
  conformanceCloseOptions,
  conformanceContract,
  conformanceServerOptions,
  describeConformance,
} from '@wirecall/test-utils/conformance';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';

const newServer = () => createServer(conformanceContract, conformanceServerOptions());

/** Closes once, however often it is called: the suite closes again after every case. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= close();
    return closing;
  };
}

/** Listens on a loopback port; resolves with it. */
function listening(httpServer: HttpServer): Promise<number> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', () => resolve((httpServer.address() as AddressInfo).port));
  });
}

/** A wirecall server attached at `/rpc` of the HTTP server `make` returns. */
async function attachedTo(make: () => HttpServer): Promise<ConformanceServer> {
  const server = newServer();
  const httpServer = make();
  server.attach(httpServer, { path: '/rpc' });
  const port = await listening(httpServer);
  return {
    url: `ws://127.0.0.1:${port}/rpc`,
    close: once(async () => {
      await server.close(conformanceCloseOptions);
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    }),
  };
}

describeConformance('server.listen', async () => {
  const server: WirecallServer = newServer();
  const { url } = await server.listen({ port: 0, path: '/rpc' });
  return { url, close: once(() => server.close(conformanceCloseOptions)) };
});

describeConformance('node:http with attach', () => attachedTo(() => createHttpServer()));

describeConformance('Express 5 with attach', () => attachedTo(() => createHttpServer(express())));

describeConformance('Hono on @hono/node-server with attach', () => {
  const app = new Hono();
  app.get('/health', (c) => c.text('ok'));
  return attachedTo(() => createHttpServer(getRequestListener(app.fetch)));
});

describeConformance('Fastify 5 with attach', async () => {
  const server = newServer();
  const app = Fastify();
  await app.listen({ port: 0, host: '127.0.0.1' });
  server.attach(app.server, { path: '/rpc' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/rpc`,
    close: once(async () => {
      await app.close();
    }),
  };
});

/** A wirecall server on the HTTP server an adapter function made; closing it closes both. */
async function servedBy(serve: (server: WirecallServer) => HttpServer): Promise<ConformanceServer> {
  const server = newServer();
  const httpServer = serve(server);
  const port = await listening(httpServer);
  return {
    url: `ws://127.0.0.1:${port}/rpc`,
    close: once(async () => {
      await server.close(conformanceCloseOptions);
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    }),
  };
}

describeConformance('serveExpress', () =>
  servedBy((server) => serveExpress(server, express(), { path: '/rpc' })),
);

describeConformance('serveHono', () =>
  servedBy((server) => serveHono(server, new Hono(), { path: '/rpc' })),
);

describeConformance('attachToFastify', async () => {
  const server = newServer();
  const app = Fastify();
  attachToFastify(server, app, { path: '/rpc', close: conformanceCloseOptions });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/rpc`,
    // Closing the app closes the wirecall server through the adapter's preClose hook.
    close: once(() => app.close()),
  };
});
