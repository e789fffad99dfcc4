import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/codes.js';
import { CloseCode, closeCodeForError, errorCodeForClose } from './closeCodes.js';

describe('the close-code ↔ error-code table', () => {
  it.each([
    [CloseCode.UNAUTHORIZED, ErrorCode.UNAUTHORIZED],
    [CloseCode.FORBIDDEN, ErrorCode.FORBIDDEN],
    [CloseCode.NORMAL, ErrorCode.CONNECTION_CLOSED],
    [CloseCode.PROTOCOL_ERROR, ErrorCode.CONNECTION_CLOSED],
    [CloseCode.ABNORMAL, ErrorCode.CONNECTION_CLOSED],
    [4999, ErrorCode.CONNECTION_CLOSED],
  ])('a close with %i fails operations with %s', (close, error) => {
    expect(errorCodeForClose(close)).toBe(error);
  });

  it('maps the errors that close a connection back to their close codes, and no others', () => {
    expect(closeCodeForError(ErrorCode.UNAUTHORIZED)).toBe(CloseCode.UNAUTHORIZED);
    expect(closeCodeForError(ErrorCode.FORBIDDEN)).toBe(CloseCode.FORBIDDEN);
    expect(closeCodeForError(ErrorCode.INTERNAL)).toBeUndefined();
    expect(closeCodeForError('ROOM_CLOSED')).toBeUndefined();
  });
});
