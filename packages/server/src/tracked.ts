import { isValidCursor, MAX_CURSOR_LENGTH } from '@wirecall/core';

const TRACKED = Symbol.for('wirecall.tracked');

/** An event with an id: the client remembers the id and resumes after it following a drop. */
export interface Tracked<TEvent> {
  readonly [TRACKED]: true;
  /** The event's id, unique and ordered within its stream. */
  readonly id: string;
  /** The event itself. */
  readonly data: TEvent;
}

/**
 * The error for an event id the protocol cannot carry (`subject` says whose). Thrown in the
 * handler, it fails that one subscription (the client gets `INTERNAL`, the server's `onError` the
 * message): sent, the id would make the client close the whole connection as a protocol error.
 */
export function invalidEventIdError(id: unknown, subject = 'A tracked() id'): TypeError {
  const what = typeof id === 'string' ? `a string of ${id.length} characters` : `a ${typeof id}`;
  return new TypeError(
    `${subject} must be a number or a string of 1 to ${MAX_CURSOR_LENGTH} characters, got ${what}`,
  );
}

/**
 * Marks an event with an id so a subscription can resume after it. On resubscribe, the handler
 * gets the last id the client received as `ctx.lastEventId` and replays what came after.
 * @throws TypeError when `id` is empty, longer than 256 characters, or not a string or number.
 * @example
 * async function* prices(input, ctx) {
 *   for (const row of await db.pricesAfter(ctx.lastEventId)) yield tracked(row.id, row);
 * }
 */
export function tracked<TEvent>(id: string | number, data: TEvent): Tracked<TEvent> {
  const text = typeof id === 'number' ? String(id) : id;
  if (!isValidCursor(text)) throw invalidEventIdError(id);
  return { [TRACKED]: true, id: text, data };
}

/** Whether a value was made by {@link tracked}. */
export function isTracked(value: unknown): value is Tracked<unknown> {
  return typeof value === 'object' && value !== null && TRACKED in value;
}
