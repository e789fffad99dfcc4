import { RpcError } from '@wirecall/server';
import {
  createResumeHandlers,
  resumeContract,
  startServer,
  testContract,
  waitFor,
} from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestHandlers } from './testHandlers.js';

const protocol = { 'wirecall-protocol': 'wirecall.v1' };
const json = { ...protocol, 'content-type': 'application/json' };

function httpUrl(wsUrl: string): string {
  return wsUrl.replace(/^ws/, 'http');
}

async function lines(response: Response): Promise<unknown[]> {
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line));
}

/** The SSE events of a stream as they come, split by blank lines (enough for a test). */
function readEvents(response: Response) {
  const events: Array<{ event: string; data: string; id?: string }> = [];
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const done = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: { event: string; data: string; id?: string } = { event: 'message', data: '' };
        for (const line of block.split('\n')) {
          const colon = line.indexOf(':');
          const field = line.slice(0, colon);
          const value = line.slice(colon + 1).trimStart();
          if (field === 'event') event.event = value;
          else if (field === 'data') event.data = value;
          else if (field === 'id') event.id = value;
        }
        events.push(event);
        end = buffer.indexOf('\n\n');
      }
    }
  })();
  return { events, done, cancel: () => reader.cancel() };
}

describe('HTTP transport: calls', () => {
  it('answers a batch of calls as NDJSON, fast answers before slow ones', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    const response = await fetch(httpUrl(t.url), {
      method: 'POST',
      headers: json,
      body: JSON.stringify([
        { type: 'call', id: 1, path: 'slow', input: { ms: 150 } },
        { type: 'call', id: 2, path: 'greet', input: { name: 'Ada' } },
        { type: 'call', id: 3, path: 'greet', input: { name: 42 } },
      ]),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const answers = (await lines(response)) as Array<{ id: number; type: string }>;
    expect(answers.map((a) => a.id)).toEqual([2, 3, 1]);
    expect(answers[0]).toEqual({ type: 'result', id: 2, output: 'Hello, Ada!' });
    expect(answers[1]).toMatchObject({ type: 'error', id: 3, error: { code: 'BAD_INPUT' } });
    expect(answers[2]).toEqual({ type: 'result', id: 1, output: 150 });
    await waitFor(() => t.server.stats().connections === 0);
  });

  it('builds the context from the params header; a refused context answers 401', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, {
      handlers,
      context: ({ params, request }) => {
        if ((params as { token?: string } | undefined)?.token !== 'secret')
          throw new RpcError('UNAUTHORIZED', undefined, { message: 'Bad token' });
        return { host: request.header('host') };
      },
    });
    const call = (params?: unknown) =>
      fetch(httpUrl(t.url), {
        method: 'POST',
        headers: {
          ...json,
          ...(params === undefined
            ? {}
            : { 'wirecall-params': encodeURIComponent(JSON.stringify(params)) }),
        },
        body: JSON.stringify({ type: 'call', id: 1, path: 'ping' }),
      });
    const ok = await call({ token: 'secret' });
    expect(await lines(ok)).toEqual([{ type: 'result', id: 1, output: 'pong' }]);
    const refused = await call({ token: 'wrong' });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Bad token' } });
  });

  it('aborts the handler when the client aborts the request', async () => {
    const { handlers, log } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    const aborted = new AbortController();
    const response = await fetch(httpUrl(t.url), {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ type: 'call', id: 1, path: 'slow', input: { ms: 60_000 } }),
      signal: aborted.signal,
    });
    expect(response.status).toBe(200);
    aborted.abort();
    await waitFor(() => log.slowAborted === 1);
  });
});

describe('HTTP transport: bad requests get typed errors', () => {
  it.each([
    [
      'malformed JSON',
      { method: 'POST', headers: json, body: '{nope' },
      400,
      'BAD_REQUEST',
      /JSON/,
    ],
    [
      'an invalid message',
      { method: 'POST', headers: json, body: '{"type":"call","id":-1,"path":"ping"}' },
      400,
      'BAD_REQUEST',
      /id/,
    ],
    [
      'a wrong content type',
      { method: 'POST', headers: { ...protocol, 'content-type': 'text/plain' }, body: '{}' },
      415,
      'BAD_REQUEST',
      /application\/json/,
    ],
    [
      'a missing protocol header',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
      400,
      'BAD_REQUEST',
      /wirecall-protocol/,
    ],
    [
      'an oversized body',
      { method: 'POST', headers: json, body: JSON.stringify({ s: 'x'.repeat(2_000) }) },
      413,
      'LIMIT_EXCEEDED',
      /bytes/,
    ],
    [
      'a control message without a stream',
      { method: 'POST', headers: json, body: '{"type":"unsubscribe","id":1}' },
      400,
      'BAD_REQUEST',
      /wirecall-stream/,
    ],
    [
      'an unknown stream',
      {
        method: 'POST',
        headers: { ...json, 'wirecall-stream': 'nope' },
        body: '{"type":"unsubscribe","id":1}',
      },
      404,
      'NOT_FOUND',
      /stream/,
    ],
    ['a GET without accept', { method: 'GET', headers: protocol }, 400, 'BAD_REQUEST', /accept/],
    ['a PUT', { method: 'PUT', headers: protocol, body: '{}' }, 405, 'BAD_REQUEST', /POST/],
    [
      'bad params',
      {
        method: 'POST',
        headers: { ...json, 'wirecall-params': '%7Bnope' },
        body: '{"type":"call","id":1,"path":"ping"}',
      },
      400,
      'BAD_REQUEST',
      /wirecall-params/,
    ],
  ] as const)('%s', async (_name, init, status, code, message) => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers, maxMessageBytes: 1_024 });
    const response = await fetch(httpUrl(t.url), init as RequestInit);
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
    expect(t.server.stats().connections).toBe(0);
  });

  it('answers unknown paths with 404 and leaves them to the app', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    const response = await fetch(`${httpUrl(t.url)}elsewhere`, { method: 'POST', headers: json });
    expect(response.status).toBe(426);
  });
});

describe('HTTP transport: the event stream', () => {
  it('opens with the ping interval, then carries a subscription controlled by POSTs', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers, http: { pingIntervalMs: 50 } });
    const response = await fetch(httpUrl(t.url), {
      headers: { ...protocol, accept: 'text/event-stream', 'wirecall-session': 's1' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const stream = readEvents(response);
    await waitFor(() => stream.events.length >= 2);
    const [open, welcome] = stream.events;
    expect(open?.event).toBe('open');
    const opened = JSON.parse(open?.data as string);
    expect(opened).toMatchObject({ pingMs: 50, maxDurationMs: null });
    expect(JSON.parse(welcome?.data as string).type).toBe('welcome');
    const control = (body: unknown, session = 's1') =>
      fetch(httpUrl(t.url), {
        method: 'POST',
        headers: { ...json, 'wirecall-stream': opened.stream, 'wirecall-session': session },
        body: JSON.stringify(body),
      });
    expect(
      (await control({ type: 'subscribe', id: 1, path: 'ticks', input: { count: 3 } })).status,
    ).toBe(202);
    // Another session cannot steer the stream with its id alone.
    expect((await control({ type: 'unsubscribe', id: 1 }, 'intruder')).status).toBe(404);
    await waitFor(() => stream.events.some((e) => e.data.includes('"complete"')));
    const messages = stream.events
      .filter((e) => e.event === 'message')
      .map((e) => JSON.parse(e.data).type);
    expect(messages).toEqual(['welcome', 'subscribed', 'event', 'event', 'event', 'complete']);
    await waitFor(() => stream.events.some((e) => e.event === 'ping'));
    await stream.cancel();
    await waitFor(() => t.server.stats().connections === 0);
  });

  it('ends a stream at maxDurationMs with a close event, its subscriptions stopped', async () => {
    const { handlers, log } = createTestHandlers();
    await using t = await startServer(testContract, { handlers, http: { maxDurationMs: 200 } });
    const response = await fetch(httpUrl(t.url), {
      headers: { ...protocol, accept: 'text/event-stream' },
    });
    const stream = readEvents(response);
    await waitFor(() => stream.events.length >= 2);
    const opened = JSON.parse(stream.events[0]?.data as string);
    expect(opened.maxDurationMs).toBe(200);
    await fetch(httpUrl(t.url), {
      method: 'POST',
      headers: { ...json, 'wirecall-stream': opened.stream },
      body: JSON.stringify({
        type: 'subscribe',
        id: 1,
        path: 'chat.messages',
        input: { room: 'a' },
      }),
    });
    await stream.done;
    expect(stream.events.at(-1)).toMatchObject({ event: 'close' });
    expect(JSON.parse(stream.events.at(-1)?.data as string).code).toBe(1001);
    await waitFor(() => log.finalized === 1);
    expect(t.server.stats().connections).toBe(0);
  });

  it('serves one subscription to a plain EventSource GET, resumed after Last-Event-ID', async () => {
    const { handlers } = createResumeHandlers();
    await using t = await startServer(resumeContract, { handlers });
    const input = encodeURIComponent(JSON.stringify({ count: 5, intervalMs: 0 }));
    // No wirecall header: an EventSource cannot send one; it sends the last id it saw.
    const response = await fetch(`${httpUrl(t.url)}?subscribe=numbers&input=${input}`, {
      headers: { accept: 'text/event-stream', 'last-event-id': '2' },
    });
    expect(response.status).toBe(200);
    const stream = readEvents(response);
    await waitFor(() => stream.events.some((e) => e.data.includes('"complete"')));
    const events = stream.events.filter((e) => e.data.includes('"event"'));
    expect(events.map((e) => e.id)).toEqual(['3', '4']);
    expect(events.map((e) => JSON.parse(e.data).data)).toEqual([6, 8]);
    await stream.cancel();
  });

  it('tells open streams the server is going away (1001) on close, and refuses new requests', async () => {
    const { handlers } = createTestHandlers();
    const t = await startServer(testContract, { handlers });
    const response = await fetch(httpUrl(t.url), {
      headers: { ...protocol, accept: 'text/event-stream' },
    });
    const stream = readEvents(response);
    await waitFor(() => stream.events.length >= 2);
    await t.server.close();
    await stream.done;
    expect(stream.events.at(-1)?.event).toBe('close');
    expect(JSON.parse(stream.events.at(-1)?.data as string).code).toBe(1001);
    const late = await t.server.fetch(
      new Request('http://localhost/', { method: 'POST', headers: json, body: '{}' }),
    );
    expect(late.status).toBe(503);
  });

  it('limits the streams of one session', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, {
      handlers,
      http: { maxStreamsPerSession: 1 },
    });
    const open = () =>
      fetch(httpUrl(t.url), {
        headers: { ...protocol, accept: 'text/event-stream', 'wirecall-session': 'one' },
      });
    const first = await open();
    expect(first.status).toBe(200);
    const second = await open();
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe(
      'LIMIT_EXCEEDED',
    );
    await first.body?.cancel();
  });
});

describe('origins, both transports', () => {
  it('by default lets in same-host and loopback origins only', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, { handlers });
    const from = (origin: string) =>
      fetch(httpUrl(t.url), {
        method: 'POST',
        headers: { ...json, origin },
        body: JSON.stringify({ type: 'call', id: 1, path: 'ping' }),
      }).then((r) => r.status);
    expect(await from(`http://127.0.0.1:${t.port}`)).toBe(200);
    expect(await from('http://localhost:3000')).toBe(200);
    expect(await from('https://evil.example.net')).toBe(403);
    expect(await from('null')).toBe(403);
  });

  it('answers CORS preflights for allowed origins when asked to', async () => {
    const { handlers } = createTestHandlers();
    await using t = await startServer(testContract, {
      handlers,
      allowedOrigins: ['https://app.example.com'],
      http: { cors: { credentials: true } },
    });
    const preflight = await fetch(httpUrl(t.url), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, wirecall-protocol',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/wirecall-protocol/);
    const evil = await fetch(httpUrl(t.url), {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.net' },
    });
    expect(evil.status).toBe(403);
  });
});
