/**
 * Longest event id (resume cursor) the protocol carries, in characters: the one rule for
 * `tracked()` ids on the server, `eventId` and `lastEventId` on the wire, so a cursor the server
 * makes is always one it takes back.
 */
export const MAX_CURSOR_LENGTH = 256;

/** Whether `value` is a valid event id: a string of 1 to {@link MAX_CURSOR_LENGTH} characters. */
export function isValidCursor(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CURSOR_LENGTH;
}
