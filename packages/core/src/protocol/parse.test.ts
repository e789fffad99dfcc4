import { describe, expect, it } from 'vitest';
import { messagesOfFrame, ProtocolError, parseClientMessage, parseServerMessage } from './parse.js';

const path256 = 'a'.repeat(256);
const path257 = 'a'.repeat(257);

describe('parseClientMessage', () => {
  it.each([
    ['hello', { type: 'hello' }],
    ['hello with params', { type: 'hello', params: { token: 't' } }],
    ['hello with non-object params', { type: 'hello', params: 'token' }],
    ['hello with a session', { type: 'hello', session: 's'.repeat(128) }],
    ['hello that takes batches', { type: 'hello', batch: true }],
    ['a mutation call with an idempotency key', { type: 'call', id: 1, path: 'add', key: '1' }],
    [
      'subscribe with a resume cursor',
      { type: 'subscribe', id: 3, path: 'feed', lastEventId: 'x'.repeat(256) },
    ],
    ['call', { type: 'call', id: 1, path: 'greet', input: { name: 'Ada' } }],
    ['call without input', { type: 'call', id: 1, path: 'ping' }],
    ['call with a dotted path', { type: 'call', id: 2, path: 'chat.send' }],
    ['call with the largest safe id', { type: 'call', id: Number.MAX_SAFE_INTEGER, path: 'ping' }],
    ['call with a 256-character path', { type: 'call', id: 1, path: path256 }],
    ['subscribe', { type: 'subscribe', id: 3, path: 'ticks', input: { count: 1 } }],
    ['cancel', { type: 'cancel', id: 1 }],
    ['unsubscribe', { type: 'unsubscribe', id: 3 }],
    [
      'subscribe with flow control',
      { type: 'subscribe', id: 3, path: 'feed', credit: 256, overflow: 'latest', bufferSize: 10 },
    ],
    ['subscribe with no credit yet', { type: 'subscribe', id: 3, path: 'feed', credit: 0 }],
    ['credit', { type: 'credit', id: 3, credit: 128 }],
    ['the largest credit', { type: 'credit', id: 3, credit: 2 ** 31 - 1 }],
    ['ping', { type: 'ping' }],
    ['pong', { type: 'pong' }],
  ])('accepts %s', (_name, message) => {
    expect(parseClientMessage(message)).toBe(message);
  });

  it.each([
    ['a string', 'hello', /JSON object/],
    ['a number', 42, /JSON object/],
    ['null', null, /JSON object/],
    ['undefined', undefined, /JSON object/],
    ['an array', [{ type: 'hello' }], /JSON object/],
    ['a message without type', { id: 1, path: 'ping' }, /string "type"/],
    ['a non-string type', { type: 1 }, /string "type"/],
    ['an unknown type', { type: 'welcome' }, /Unknown message type "welcome"/],
    ['a server message type', { type: 'result', id: 1 }, /Unknown message type "result"/],
    ['a call without id', { type: 'call', path: 'ping' }, /"call" needs "id"/],
    ['a call with id 0', { type: 'call', id: 0, path: 'ping' }, /"call" needs "id"/],
    ['a call with a negative id', { type: 'call', id: -1, path: 'ping' }, /"call" needs "id"/],
    ['a call with a fractional id', { type: 'call', id: 1.5, path: 'ping' }, /"call" needs "id"/],
    ['a call with an unsafe id', { type: 'call', id: 2 ** 53, path: 'ping' }, /"call" needs "id"/],
    ['a call with a huge id', { type: 'call', id: 1e300, path: 'ping' }, /"call" needs "id"/],
    ['a call with a string id', { type: 'call', id: '1', path: 'ping' }, /"call" needs "id"/],
    ['a call without path', { type: 'call', id: 1 }, /"call" needs "path"/],
    ['a call with an empty path', { type: 'call', id: 1, path: '' }, /"call" needs "path"/],
    ['a call with an overlong path', { type: 'call', id: 1, path: path257 }, /"call" needs "path"/],
    [
      'a call with a non-string path',
      { type: 'call', id: 1, path: ['ping'] },
      /"call" needs "path"/,
    ],
    ['a subscribe without id', { type: 'subscribe', path: 'ticks' }, /"subscribe" needs "id"/],
    ['a subscribe without path', { type: 'subscribe', id: 1 }, /"subscribe" needs "path"/],
    ['a cancel without id', { type: 'cancel' }, /"cancel" needs "id"/],
    ['a hello with an empty session', { type: 'hello', session: '' }, /"session" must be/],
    [
      'a hello with a string batch',
      { type: 'hello', batch: 'yes' },
      /"batch" must be true or false/,
    ],
    ['a hello with a numeric session', { type: 'hello', session: 1 }, /"session" must be/],
    ['a hello with an overlong session', { type: 'hello', session: 's'.repeat(129) }, /1 to 128/],
    ['a call with an empty key', { type: 'call', id: 1, path: 'add', key: '' }, /"key" must be/],
    ['a call with a numeric key', { type: 'call', id: 1, path: 'add', key: 7 }, /"key" must be/],
    [
      'a subscribe with an overlong lastEventId',
      { type: 'subscribe', id: 1, path: 'feed', lastEventId: 'x'.repeat(257) },
      /"lastEventId" must be a string of 1 to 256/,
    ],
    [
      'a subscribe with a numeric lastEventId',
      { type: 'subscribe', id: 1, path: 'feed', lastEventId: 42 },
      /"lastEventId" must be/,
    ],
    ['a cancel with id 0', { type: 'cancel', id: 0 }, /"cancel" needs "id"/],
    ['a credit without credit', { type: 'credit', id: 1 }, /"credit" needs "credit"/],
    ['a credit of 0', { type: 'credit', id: 1, credit: 0 }, /integer from 1 to 2147483647/],
    ['a negative credit', { type: 'credit', id: 1, credit: -5 }, /integer from 1/],
    ['a fractional credit', { type: 'credit', id: 1, credit: 1.5 }, /integer from 1/],
    ['an overflowing credit', { type: 'credit', id: 1, credit: 2 ** 31 }, /to 2147483647/],
    [
      'an infinite credit',
      { type: 'credit', id: 1, credit: Number.POSITIVE_INFINITY },
      /integer from 1/,
    ],
    ['a string credit', { type: 'credit', id: 1, credit: '10' }, /integer from 1/],
    ['a credit without id', { type: 'credit', credit: 1 }, /"credit" needs "id"/],
    [
      'a subscribe with a negative credit',
      { type: 'subscribe', id: 1, path: 'feed', credit: -1 },
      /"credit" must be an integer from 0/,
    ],
    [
      'a subscribe with an unknown overflow policy',
      { type: 'subscribe', id: 1, path: 'feed', overflow: 'grow' },
      /"overflow" must be/,
    ],
    [
      'a subscribe with a bufferSize of 0',
      { type: 'subscribe', id: 1, path: 'feed', bufferSize: 0 },
      /"bufferSize" must be an integer from 1/,
    ],
    [
      'an unsubscribe with a string id',
      { type: 'unsubscribe', id: '3' },
      /"unsubscribe" needs "id"/,
    ],
  ])('rejects %s', (_name, value, message) => {
    expect(() => parseClientMessage(value)).toThrow(ProtocolError);
    expect(() => parseClientMessage(value)).toThrow(message);
  });

  it('quotes at most 64 characters of an unknown type', () => {
    const error = catchError(() => parseClientMessage({ type: 'x'.repeat(10_000) }));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message.length).toBeLessThan(100);
  });
});

describe('parseServerMessage', () => {
  it.each([
    ['welcome', { type: 'welcome' }],
    ['welcome that takes batches', { type: 'welcome', batch: true }],
    [
      'welcome with limits',
      {
        type: 'welcome',
        limits: { maxCallsInFlight: 64, maxSubscriptions: 1_000, maxMessageBytes: 1_048_576 },
      },
    ],
    [
      'welcome with unlimited limits (a server Infinity, as JSON writes it)',
      { type: 'welcome', limits: { maxCallsInFlight: null, maxSubscriptions: Infinity } },
    ],
    ['welcome with limits it does not know', { type: 'welcome', limits: { maxFutureThing: 0 } }],
    ['cursor of the longest length', { type: 'cursor', id: 2, lastEventId: 'c'.repeat(256) }],
    ['result', { type: 'result', id: 1, output: 'Hello' }],
    ['result without output', { type: 'result', id: 1 }],
    ['result with a live version', { type: 'result', id: 1, output: 2, liveVersion: 7 }],
    ['error', { type: 'error', id: 1, error: { code: 'NOT_FOUND', message: 'No such procedure' } }],
    [
      'error with data',
      { type: 'error', id: 1, error: { code: 'ROOM_CLOSED', message: 'x', data: { room: 'a' } } },
    ],
    ['subscribed', { type: 'subscribed', id: 2 }],
    ['event', { type: 'event', id: 2, data: 0 }],
    ['tracked event', { type: 'event', id: 2, data: 0, eventId: 'a-1' }],
    ['cursor', { type: 'cursor', id: 2, lastEventId: 'a-0' }],
    ['complete', { type: 'complete', id: 2 }],
    ['ping', { type: 'ping' }],
    ['pong', { type: 'pong' }],
  ])('accepts %s', (_name, message) => {
    expect(parseServerMessage(message)).toBe(message);
  });

  it.each([
    ['a string', 'welcome', /JSON object/],
    [
      'a welcome with a numeric batch',
      { type: 'welcome', batch: 1 },
      /"batch" must be true or false/,
    ],
    ['null', null, /JSON object/],
    ['an array', [], /JSON object/],
    ['a message without type', { id: 1 }, /string "type"/],
    ['an unknown type', { type: 'surprise' }, /Unknown message type "surprise"/],
    ['a client message type', { type: 'call', id: 1, path: 'ping' }, /Unknown message type "call"/],
    ['a result without id', { type: 'result', output: 1 }, /"result" needs "id"/],
    ['a result with id 0', { type: 'result', id: 0 }, /"result" needs "id"/],
    [
      'a result with a string live version',
      { type: 'result', id: 1, liveVersion: '3' },
      /"liveVersion" must be/,
    ],
    [
      'a result with a negative live version',
      { type: 'result', id: 1, liveVersion: -1 },
      /"liveVersion" must be/,
    ],
    ['an event with a negative id', { type: 'event', id: -2, data: 1 }, /"event" needs "id"/],
    [
      'a subscribed with a fractional id',
      { type: 'subscribed', id: 0.5 },
      /"subscribed" needs "id"/,
    ],
    ['a complete with a string id', { type: 'complete', id: '2' }, /"complete" needs "id"/],
    [
      'an event with a numeric eventId',
      { type: 'event', id: 2, data: 0, eventId: 1 },
      /"eventId" must be/,
    ],
    ['a cursor without lastEventId', { type: 'cursor', id: 2 }, /string "lastEventId"/],
    [
      'a cursor over 256 characters',
      { type: 'cursor', id: 2, lastEventId: 'c'.repeat(257) },
      /"lastEventId" must be a string of 1 to 256/,
    ],
    ['an empty cursor', { type: 'cursor', id: 2, lastEventId: '' }, /"lastEventId" must be/],
    ['a numeric cursor', { type: 'cursor', id: 2, lastEventId: 7 }, /"lastEventId" must be/],
    [
      'a tracked event with an eventId over 256 characters',
      { type: 'event', id: 2, data: 0, eventId: 'e'.repeat(257) },
      /"eventId" must be a string of 1 to 256/,
    ],
    ['a welcome whose limits are a string', { type: 'welcome', limits: 'none' }, /"limits"/],
    ['a welcome whose limits are null', { type: 'welcome', limits: null }, /"limits"/],
    ['a welcome whose limits are an array', { type: 'welcome', limits: [64] }, /"limits"/],
    [
      'a welcome with no call slots',
      { type: 'welcome', limits: { maxCallsInFlight: 0 } },
      /"limits.maxCallsInFlight" must be a number of at least 1/,
    ],
    [
      'a welcome with negative message bytes',
      { type: 'welcome', limits: { maxMessageBytes: -1 } },
      /"limits.maxMessageBytes"/,
    ],
    [
      'a welcome with a string limit',
      { type: 'welcome', limits: { maxSubscriptions: '10' } },
      /"limits.maxSubscriptions"/,
    ],
    [
      'a welcome with a NaN limit',
      { type: 'welcome', limits: { maxCallsInFlight: Number.NaN } },
      /"limits.maxCallsInFlight"/,
    ],
    [
      'a welcome with an object limit',
      { type: 'welcome', limits: { maxMessageBytes: { valueOf: (): number => 10 } } },
      /"limits.maxMessageBytes"/,
    ],
    ['a cursor without id', { type: 'cursor', lastEventId: 'a' }, /"cursor" needs "id"/],
    [
      'an error without id',
      { type: 'error', error: { code: 'X', message: 'x' } },
      /"error" needs "id"/,
    ],
    ['an error without error', { type: 'error', id: 1 }, /string code and message/],
    [
      'an error without code',
      { type: 'error', id: 1, error: { message: 'x' } },
      /string code and message/,
    ],
    [
      'an error with a numeric code',
      { type: 'error', id: 1, error: { code: 500, message: 'x' } },
      /string code and message/,
    ],
    [
      'an error without message',
      { type: 'error', id: 1, error: { code: 'INTERNAL' } },
      /string code and message/,
    ],
    [
      'an error whose error is a string',
      { type: 'error', id: 1, error: 'INTERNAL' },
      /string code and message/,
    ],
  ])('rejects %s', (_name, value, message) => {
    expect(() => parseServerMessage(value)).toThrow(ProtocolError);
    expect(() => parseServerMessage(value)).toThrow(message);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`Threw a non-Error: ${String(error)}`);
  }
  throw new Error('Did not throw');
}

describe('messagesOfFrame', () => {
  it('gives the one message of a frame, or each message of a batch in order', () => {
    const ping = { type: 'ping' };
    expect(messagesOfFrame(ping)).toEqual([ping]);
    expect(messagesOfFrame([ping, { type: 'pong' }])).toEqual([ping, { type: 'pong' }]);
  });

  it('refuses an empty batch', () => {
    expect(() => messagesOfFrame([])).toThrow(ProtocolError);
  });
});
