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
 * Marks an event with an id so a subscription can resume after it. On resubscribe, the handler
 * gets the last id the client received as `ctx.lastEventId` and replays what came after.
 * @example
 * async function* prices(input, ctx) {
 *   for (const row of await db.pricesAfter(ctx.lastEventId)) yield tracked(row.id, row);
 * }
 */
export function tracked<TEvent>(id: string | number, data: TEvent): Tracked<TEvent> {
  if ((typeof id !== 'string' && typeof id !== 'number') || id === '') {
    throw new TypeError('tracked() needs a non-empty string or a number as id');
  }
  return { [TRACKED]: true, id: String(id), data };
}

/** Whether a value was made by {@link tracked}. */
export function isTracked(value: unknown): value is Tracked<unknown> {
  return typeof value === 'object' && value !== null && TRACKED in value;
}
