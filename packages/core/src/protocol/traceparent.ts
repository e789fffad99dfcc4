/** A W3C `traceparent`: version, trace id, parent id and flags (version `ff` is invalid). */
const TRACEPARENT = /^(?!ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/** Whether a value is a valid W3C `traceparent` of version 00's shape (55 lowercase characters). */
export function isTraceparent(value: unknown): value is string {
  return typeof value === 'string' && TRACEPARENT.test(value);
}

/** The parts of a `traceparent`, in the names OpenTelemetry's `SpanContext` uses. */
export interface TraceparentParts {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
}

/** The parts of a valid `traceparent`; undefined for anything else. */
export function parseTraceparent(value: unknown): TraceparentParts | undefined {
  if (!isTraceparent(value)) return undefined;
  return {
    traceId: value.slice(3, 35),
    spanId: value.slice(36, 52),
    traceFlags: Number.parseInt(value.slice(53, 55), 16),
  };
}

/** The version 00 `traceparent` of a span; undefined when its ids are not valid ones. */
export function formatTraceparent({
  traceId,
  spanId,
  traceFlags,
}: TraceparentParts): string | undefined {
  const flags = (traceFlags & 0xff).toString(16).padStart(2, '0');
  const value = `00-${traceId}-${spanId}-${flags}`;
  return isTraceparent(value) ? value : undefined;
}
