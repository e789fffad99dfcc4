/** The field of a stream entry (or the payload of a channel message) holding the event. */
export const EVENT_FIELD = 'd';

/** Serializes an event as JSON; `undefined` becomes the empty string, which JSON never produces. */
export function encodeEvent(event: unknown): string {
  return JSON.stringify(event) ?? '';
}

/** The inverse of {@link encodeEvent}. */
export function decodeEvent(text: string): unknown {
  return text === '' ? undefined : JSON.parse(text);
}

/** The event in a stream entry's flat `[field, value, …]` list. */
export function eventOfFields(fields: readonly string[]): unknown {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === EVENT_FIELD) return decodeEvent(fields[i + 1]!);
  }
  return undefined;
}
