import { describe, expect, it } from 'vitest';
import { isValidCursor, MAX_CURSOR_LENGTH } from './limits.js';
import { parseClientMessage, parseServerMessage } from './parse.js';

describe('isValidCursor', () => {
  it.each([
    ['a one-character cursor', 'a', true],
    ['the longest cursor', 'c'.repeat(MAX_CURSOR_LENGTH), true],
    ['one character too many', 'c'.repeat(MAX_CURSOR_LENGTH + 1), false],
    ['an empty string', '', false],
    ['a number', 7, false],
    ['undefined', undefined, false],
  ])('%s → %s', (_name, value, expected) => {
    expect(isValidCursor(value)).toBe(expected);
  });

  it('agrees with the parsers at both ends: what the server may send, the client may send back', () => {
    for (const lastEventId of ['a', 'c'.repeat(256), 'c'.repeat(257), '']) {
      const sentByServer = () => parseServerMessage({ type: 'cursor', id: 1, lastEventId });
      const sentBack = () =>
        parseClientMessage({ type: 'subscribe', id: 1, path: 'feed', lastEventId });
      if (isValidCursor(lastEventId)) {
        expect(sentByServer).not.toThrow();
        expect(sentBack).not.toThrow();
      } else {
        expect(sentByServer).toThrow();
        expect(sentBack).toThrow();
      }
    }
  });
});
