import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { createServer } from '@wirecall/server';
import { api } from '../contract.js';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The todo app's server: the built page from `staticDir`, and wirecall at `/rpc`. */
export function createTodoServer(staticDir: string) {
  const todos: { id: number; text: string }[] = [];
  const wirecall = createServer(api, {
    handlers: {
      todos: {
        list: (_input, ctx) => {
          ctx.track('todos');
          return [...todos];
        },
        add: async ({ text }, ctx) => {
          const todo = { id: todos.length + 1, text };
          todos.push(todo);
          await ctx.invalidate('todos');
          return todo;
        },
      },
    },
  });
  const base = normalize(staticDir + sep);
  const http = createHttpServer(async (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = normalize(join(base, pathname === '/' ? 'index.html' : pathname));
    // Never outside the build folder.
    const path = file.startsWith(base) ? file : join(base, 'index.html');
    try {
      const body = await readFile(path);
      const type = types[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      response.writeHead(404).end('Not found\n');
    }
  });
  wirecall.attach(http, { path: '/rpc' });
  return {
    listen: (port: number) =>
      new Promise<number>((resolve) =>
        http.listen(port, '127.0.0.1', () => {
          const address = http.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        }),
      ),
    close: async () => {
      await wirecall.close();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
