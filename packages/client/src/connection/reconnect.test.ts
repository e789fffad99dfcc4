import { CloseCode } from '@wirecall/core';
import { describe, expect, it } from 'vitest';
import { createRetryPolicy, decideReconnect, parseRetryAfter } from './reconnect.js';

const close = { code: CloseCode.ABNORMAL, reason: '' };

describe('createRetryPolicy', () => {
  it('grows the bound exponentially up to the maximum (full jitter at its top)', () => {
    const policy = createRetryPolicy(
      { initialDelayMs: 100, factor: 2, maxDelayMs: 1_000 },
      () => 1,
    );
    const delays = [0, 1, 2, 3, 4, 5].map((attempt) =>
      policy({ attempt, close, retryAfterMs: undefined }),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('draws every delay uniformly between zero and the bound', () => {
    const policy = createRetryPolicy({ initialDelayMs: 1_000, maxDelayMs: 30_000 });
    for (let attempt = 0; attempt < 10; attempt++) {
      const bound = Math.min(30_000, 1_000 * 2 ** attempt);
      const samples = Array.from(
        { length: 200 },
        () => policy({ attempt, close, retryAfterMs: undefined }) as number,
      );
      expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...samples)).toBeLessThanOrEqual(bound);
      // 200 uniform samples: the spread covers most of the range.
      expect(Math.max(...samples) - Math.min(...samples)).toBeGreaterThan(bound * 0.8);
    }
  });

  it('gives up after maxAttempts', () => {
    const policy = createRetryPolicy({ maxAttempts: 3 }, () => 0.5);
    expect(policy({ attempt: 2, close, retryAfterMs: undefined })).not.toBe(false);
    expect(policy({ attempt: 3, close, retryAfterMs: undefined })).toBe(false);
  });

  it('treats the server hint as a floor and spreads on top of it', () => {
    const policy = createRetryPolicy({ initialDelayMs: 1_000 }, () => 0.5);
    expect(policy({ attempt: 0, close, retryAfterMs: 5_000 })).toBe(5_500);
  });

  it('passes custom functions and false through', () => {
    expect(
      createRetryPolicy(({ attempt }) => attempt * 10)({
        attempt: 3,
        close,
        retryAfterMs: undefined,
      }),
    ).toBe(30);
    expect(createRetryPolicy(false)({ attempt: 0, close, retryAfterMs: undefined })).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['Server shutting down; retry-after=5000', 5_000],
    ['retry-after: 250', 250],
    ['overloaded', undefined],
    ['retry-after=soon', undefined],
  ])('reads %j', (reason, expected) => {
    expect(parseRetryAfter(reason)).toBe(expected);
  });
});

describe('decideReconnect', () => {
  const always = () => 5;
  const lost = (code: number, idle = false) =>
    decideReconnect({
      cause: 'lost',
      close: { code, reason: '' },
      attempt: 0,
      policy: always,
      idle,
    });

  it.each([
    [CloseCode.NORMAL, 5],
    [CloseCode.GOING_AWAY, 5],
    [CloseCode.ABNORMAL, 5],
    [CloseCode.HANDSHAKE_TIMEOUT, 5],
    [CloseCode.HEARTBEAT_TIMEOUT, 5],
    [CloseCode.INTERNAL_ERROR, 5],
    [CloseCode.IDLE_TIMEOUT, 5],
    [1013, 5],
    [CloseCode.PROTOCOL_ERROR, false],
    [CloseCode.UNAUTHORIZED, false],
    [CloseCode.FORBIDDEN, false],
    [CloseCode.UNSUPPORTED_PROTOCOL, false],
    [CloseCode.CONFLICT, false],
  ])('a lost socket closed with %i → %s', (code, expected) => {
    expect(lost(code)).toBe(expected);
  });

  it("takes a server's idle close as final only while the client has nothing running", () => {
    expect(lost(CloseCode.IDLE_TIMEOUT, true)).toBe(false);
    expect(lost(CloseCode.ABNORMAL, true)).toBe(5);
  });

  it('never reconnects a socket the client closed on purpose', () => {
    for (const cause of ['disconnect', 'close'] as const) {
      expect(
        decideReconnect({
          cause,
          close: { code: CloseCode.NORMAL, reason: '' },
          attempt: 0,
          policy: always,
          idle: false,
        }),
      ).toBe(false);
    }
  });

  it("hands the policy the attempt, the close and the server's retry-after hint", () => {
    const seen: unknown[] = [];
    decideReconnect({
      cause: 'lost',
      close: { code: 1013, reason: 'retry-after=300' },
      attempt: 3,
      policy: (context) => {
        seen.push(context);
        return false;
      },
      idle: false,
    });
    expect(seen).toEqual([
      { attempt: 3, close: { code: 1013, reason: 'retry-after=300' }, retryAfterMs: 300 },
    ]);
  });
});
