import { defineContract, mutation, query } from '@wirecall/core';
import { createServer, rateLimit, scoped } from '@wirecall/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const api = defineContract({
  ping: query({ output: z.string() }),
  send: mutation({ input: z.object({ text: z.string() }) }),
  slow: query({ output: z.string() }),
});

const headers = { 'content-type': 'application/json', 'wirecall-protocol': 'wirecall.v1' };

async function start() {
  const server = createServer(api, {
    // Keyed by client address: over HTTP each POST is a connection of its own.
    middleware: [
      scoped(
        'send',
        rateLimit({ limit: 2, windowMs: 60_000, key: ({ ctx }) => (ctx as { ip: string }).ip }),
      ),
    ],
    context: ({ request }) => ({ ip: request.remoteAddress ?? 'unknown' }),
    handlers: {
      ping: () => 'pong',
      send: () => {},
      slow: () => new Promise((resolve) => setTimeout(() => resolve('late'), 300)),
    },
  });
  const { url } = await server.listen({ port: 0 });
  const post = (body: unknown) =>
    fetch(url.replace('ws', 'http'), { method: 'POST', headers, body: JSON.stringify(body) });
  return { post, [Symbol.asyncDispose]: () => server.close() };
}

const send = (id: number) => ({ type: 'call', id, path: 'send', input: { text: 'hi' } });

function lines(
  text: string,
): Array<{ type: string; id: number; error?: { code: string; data?: unknown } }> {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('rate-limit headers over HTTP', () => {
  it('tells what is left on passing calls, and when to retry on a refused one', async () => {
    await using t = await start();
    const first = await t.post(send(1));
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(first.headers.get('retry-after')).toBeNull();
    await first.text();
    const second = await t.post(send(1));
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    await second.text();

    const refused = await t.post(send(1));
    // Still 200: the body answers each call; the refusal is the call's RATE_LIMITED error.
    expect(refused.status).toBe(200);
    expect(refused.headers.get('ratelimit-limit')).toBe('2');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    const retryAfter = Number(refused.headers.get('retry-after'));
    // The next request passes in half the window (GCRA: limit 2 per 60 s), i.e. about 30 s.
    expect(retryAfter).toBeGreaterThanOrEqual(29);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(retryAfter);
    const [answer] = lines(await refused.text());
    expect(answer?.error?.code).toBe('RATE_LIMITED');
    expect(answer?.error?.data).toMatchObject({ retryAfterMs: expect.any(Number) });
    expect(
      (answer?.error?.data as { retryAfterMs: number } | undefined)?.retryAfterMs,
    ).toBeGreaterThan(28_000);
  });

  it('in a batch, a refused call sets the headers whatever passed beside it', async () => {
    await using t = await start();
    const response = await t.post([
      send(1),
      send(2),
      send(3),
      { type: 'call', id: 4, path: 'ping' },
    ]);
    expect(response.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    const answers = lines(await response.text());
    expect(answers.map((line) => line.error?.code ?? line.type).sort()).toEqual([
      'RATE_LIMITED',
      'result',
      'result',
      'result',
    ]);
  });

  it('sends no rate-limit headers for calls no limit checked', async () => {
    await using t = await start();
    const response = await t.post({ type: 'call', id: 1, path: 'ping' });
    expect(response.headers.get('ratelimit-limit')).toBeNull();
    expect(response.headers.get('retry-after')).toBeNull();
    expect(lines(await response.text())).toEqual([{ type: 'result', id: 1, output: 'pong' }]);
  });

  it('still streams: a slow call after a quick one keeps the response going', async () => {
    await using t = await start();
    const started = Date.now();
    const response = await t.post([
      { type: 'call', id: 1, path: 'ping' },
      { type: 'call', id: 2, path: 'slow' },
    ]);
    // The head comes with the first answer, well before the slow call's.
    expect(Date.now() - started).toBeLessThan(250);
    expect(lines(await response.text()).map((line) => line.id)).toEqual([1, 2]);
  });

  it('answers a batch refused before it started (bad procedure input) without limit headers', async () => {
    await using t = await start();
    const response = await t.post([{ type: 'call', id: 1, path: 'send', input: { text: 1 } }]);
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-limit')).toBeNull();
    expect(lines(await response.text())[0]?.error?.code).toBe('BAD_INPUT');
  });
});
