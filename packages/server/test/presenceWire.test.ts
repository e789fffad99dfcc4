import { openRawClient, presenceContract, startServer } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

const room = { room: 'r' };
const state = { name: 'ada' };

describe('presence on the wire', () => {
  it.each([
    ['no entry', { input: room, state }],
    ['an empty entry', { input: room, state, entry: '' }],
    ['an entry over 64 characters', { input: room, state, entry: 'e'.repeat(65) }],
    ['an entry that is no string', { input: room, state, entry: 7 }],
    ['no room', { state, entry: 'e' }],
    ['a wrong room', { input: { room: 1 }, state, entry: 'e' }],
    ['no state', { input: room, entry: 'e' }],
    ['a wrong state', { input: room, state: { name: 1 }, entry: 'e' }],
    ['no object at all', 'join'],
  ])('answers a join with %s with BAD_INPUT, and the connection lives on', async (_name, input) => {
    await using server = await startServer(presenceContract, { handlers: { chat: {} } });
    await using raw = await openRawClient(server.url);
    raw.send({ type: 'subscribe', id: 1, path: 'chat.online', input });
    const answer = await raw.next((message) => message.id === 1);
    expect(answer).toMatchObject({ type: 'error', error: { code: 'BAD_INPUT' } });
    raw.send({ type: 'ping' });
    await raw.next((message) => message.type === 'pong');
  });

  it('joins with a reset listing the joiner, answers updates, and refuses one for a room not joined', async () => {
    await using server = await startServer(presenceContract, {
      presence: { throttleMs: 0 },
      handlers: { chat: {} },
    });
    await using raw = await openRawClient(server.url, { hello: { session: 'raw-session' } });
    raw.send({
      type: 'subscribe',
      id: 1,
      path: 'chat.online',
      input: { input: room, state, entry: 'e' },
    });
    const reset = await raw.next((message) => message.type === 'event' && message.id === 1);
    const data = reset.data as { reset: boolean; set: Array<{ id: string; state: unknown }> };
    expect(data.reset).toBe(true);
    expect(data.set).toEqual([{ id: expect.any(String), state: { name: 'ada', typing: false } }]);
    // The member id does not give the session away.
    expect(data.set[0]?.id).not.toContain('raw-session');

    raw.send({
      type: 'call',
      id: 2,
      path: 'chat.online',
      input: { input: room, state: { name: 'bo' }, entry: 'e' },
    });
    expect(await raw.next((message) => message.id === 2)).toEqual({ type: 'result', id: 2 });
    const diff = await raw.next(
      (message) => message.type === 'event' && message.id === 1 && message !== reset,
    );
    expect(diff.data).toEqual({
      set: [{ id: data.set[0]?.id, state: { name: 'bo', typing: false } }],
    });

    raw.send({
      type: 'call',
      id: 3,
      path: 'chat.online',
      input: { input: { room: 'other' }, state, entry: 'e' },
    });
    expect(await raw.next((message) => message.id === 3)).toMatchObject({
      type: 'error',
      error: { code: 'NOT_FOUND' },
    });
  });
});
