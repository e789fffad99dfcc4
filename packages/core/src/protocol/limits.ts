/**
 * The protocol's own bounds on fields, in one place: parsers check them, and whatever makes such
 * a field (a server's `tracked(id, …)`, a client's resume) checks them before the field goes out.
 */

/** The longest resume cursor (`eventId`, `lastEventId`), in characters; cursors are never empty. */
export const MAX_CURSOR_LENGTH = 256;

/** The longest procedure path (`chat.send`), in characters. */
export const MAX_PATH_LENGTH = 256;

/** The longest idempotency key or session id, in characters. */
export const MAX_KEY_LENGTH = 128;

/**
 * The longest URL of a safe query sent as an HTTP GET, in characters: 8 KiB, what common proxies
 * and CDNs pass. The client sends a longer one as a POST; the server refuses longer GETs (414).
 */
export const MAX_GET_URL_LENGTH = 8_192;

/** Whether a value is a cursor the protocol carries: a string of 1 to {@link MAX_CURSOR_LENGTH} characters. */
export function isValidCursor(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CURSOR_LENGTH;
}
