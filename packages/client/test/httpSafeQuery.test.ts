import { createClient } from '@wirecall/client';
import { defineContract, MAX_GET_URL_LENGTH, mutation, query } from '@wirecall/core';
import { RpcError } from '@wirecall/server';
import { startServer } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  catalog: {
    search: query({
      input: z.object({ q: z.string() }),
      output: z.array(z.string()),
      safe: true,
    }),
    secret: query({ input: z.object({ q: z.string() }), output: z.string() }),
  },
  fail: query({ input: z.void(), output: z.string(), safe: true }),
  slow: query({ input: z.object({ ms: z.number() }), output: z.number(), safe: true }),
  add: mutation({ input: z.object({ n: z.number() }), output: z.number() }),
});

function start() {
  let adds = 0;
  return startServer(api, {
    handlers: {
      catalog: {
        search: ({ q }, ctx) => [q, String((ctx as { user?: string }).user)],
        secret: ({ q }) => q,
      },
      fail: () => {
        throw new RpcError('FORBIDDEN', undefined, { message: 'No' });
      },
      add: ({ n }) => (adds += n),
      slow: ({ ms }, ctx) =>
        new Promise<number>((resolve, reject) => {
          const timer = setTimeout(resolve, ms, ms);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(ctx.signal.reason);
          });
        }),
    },
    http: { maxDurationMs: 400 },
    context: ({ params }) => ({ user: (params as { user?: string } | undefined)?.user }),
  });
}

function httpUrl(wsUrl: string): string {
  return wsUrl.replace(/^ws/, 'http');
}

describe('safe queries over HTTP GET', () => {
  it('sends safe queries as GETs with params in headers, everything else as POSTs', async () => {
    await using t = await start();
    const seen: Array<{ method: string; url: string; headers: Headers }> = [];
    const client = createClient(api, {
      url: httpUrl(t.url),
      transport: 'http',
      params: { user: 'ada' },
      fetch: (input, init) => {
        seen.push({ method: init.method ?? 'GET', url: input, headers: new Headers(init.headers) });
        return fetch(input, init);
      },
    });
    try {
      expect(await client.catalog.search({ q: 'tea & cake' })).toEqual(['tea & cake', 'ada']);
      expect(await client.catalog.secret({ q: 'x' })).toBe('x');
      expect(await client.add({ n: 2 })).toBe(2);
      await expect(client.fail()).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'No' });
      const gets = seen.filter(
        (r) => r.method === 'GET' && r.headers.get('accept') !== 'text/event-stream',
      );
      expect(gets.map((r) => new URL(r.url).searchParams.get('call'))).toEqual([
        'catalog.search',
        'fail',
      ]);
      // Credentials stay out of URLs: the params went as a header.
      for (const get of gets) {
        expect(get.url).not.toContain('ada');
        expect(get.headers.get('wirecall-params')).toContain('ada');
      }
      const posts = seen.filter((r) => r.method === 'POST');
      expect(posts.length).toBeGreaterThanOrEqual(2);
    } finally {
      client.close();
    }
  });

  it('sends a safe query whose URL would be too long as a POST', async () => {
    await using t = await start();
    const methods: string[] = [];
    const client = createClient(api, {
      url: httpUrl(t.url),
      transport: 'http',
      fetch: (input, init) => {
        if (!new Headers(init.headers).has('accept')) methods.push(init.method ?? 'GET');
        return fetch(input, init);
      },
    });
    try {
      const q = 'x'.repeat(MAX_GET_URL_LENGTH);
      expect((await client.catalog.search({ q }))[0]).toBe(q);
      expect(methods).toEqual(['POST']);
    } finally {
      client.close();
    }
  });

  it('answers a plain GET (no wirecall header) with the message, and leaves caching to the app', async () => {
    await using t = await start();
    const url = `${httpUrl(t.url)}?call=catalog.search&input=${encodeURIComponent('{"q":"a"}')}`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBeNull();
    expect(await response.json()).toEqual({ type: 'result', id: 1, output: ['a', 'undefined'] });
    const bad = await fetch(
      `${httpUrl(t.url)}?call=catalog.search&input=${encodeURIComponent('{"q":1}')}`,
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ type: 'error', error: { code: 'BAD_INPUT' } });
    const refused = await fetch(`${httpUrl(t.url)}?call=fail`);
    expect(refused.status).toBe(403);
  });

  it.each([
    ['a mutation', '?call=add&input=%7B%22n%22%3A1%7D', 405, 'BAD_REQUEST', /safe/],
    [
      'a query not declared safe',
      '?call=catalog.secret&input=%7B%22q%22%3A%22x%22%7D',
      405,
      'BAD_REQUEST',
      /safe/,
    ],
    ['an unknown path', '?call=nope', 405, 'BAD_REQUEST', /safe/],
    [
      'bad JSON in the input parameter',
      '?call=catalog.search&input=%7Bnope',
      400,
      'BAD_REQUEST',
      /JSON/,
    ],
    [
      'an oversized URL',
      `?call=catalog.search&input=${'x'.repeat(MAX_GET_URL_LENGTH)}`,
      414,
      'LIMIT_EXCEEDED',
      /POST/,
    ],
  ] as const)(
    'refuses %s as a GET with a typed error',
    async (_name, search, status, code, message) => {
      await using t = await start();
      const response = await fetch(`${httpUrl(t.url)}${search}`, {
        headers: { 'wirecall-protocol': 'wirecall.v1' },
      });
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
      expect(t.server.stats().connections).toBe(0);
    },
  );

  it('fails a safe query longer than maxDurationMs with TIMEOUT instead of hanging', async () => {
    await using t = await start();
    const response = await fetch(`${httpUrl(t.url)}?call=slow&input=%7B%22ms%22%3A5000%7D`);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: 'TIMEOUT' } });
    // The client's own timeout ends it: every response it is sent on is cut (the event stream's
    // end at maxDurationMs too, after which the call goes again on the next connection).
    const client = createClient(api, { url: httpUrl(t.url), transport: 'http', timeoutMs: 2_000 });
    try {
      await expect(client.slow({ ms: 5_000 })).rejects.toMatchObject({ code: 'TIMEOUT' });
      expect(await client.slow({ ms: 10 })).toBe(10);
    } finally {
      client.close();
    }
  });

  it('never runs a call from a cross-site simple request (form POST, text/plain)', async () => {
    await using t = await start();
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data']) {
      const response = await fetch(httpUrl(t.url), {
        method: 'POST',
        headers: { 'content-type': type },
        body: '[{"type":"call","id":1,"path":"add","input":{"n":1}}]',
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
    }
    const client = createClient(api, { url: httpUrl(t.url), transport: 'http' });
    try {
      // Nothing was added by the refused requests.
      expect(await client.add({ n: 1 })).toBe(1);
    } finally {
      client.close();
    }
  });
});
