import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent } from './traceparent.js';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';

describe('traceparent', () => {
  it('round-trips the parts of a span', () => {
    const value = formatTraceparent({ traceId, spanId, traceFlags: 1 });
    expect(value).toBe(`00-${traceId}-${spanId}-01`);
    expect(parseTraceparent(value)).toEqual({ traceId, spanId, traceFlags: 1 });
  });

  it.each([
    ['an all-zero trace id', { traceId: '0'.repeat(32), spanId, traceFlags: 1 }],
    ['an all-zero span id', { traceId, spanId: '0'.repeat(16), traceFlags: 0 }],
    ['a short trace id', { traceId: 'abc', spanId, traceFlags: 0 }],
  ])('formats nothing for %s', (_name, parts) => {
    expect(formatTraceparent(parts)).toBeUndefined();
  });

  it.each([
    undefined,
    7,
    '',
    `00-${traceId}-${spanId}`,
    `00-${traceId.toUpperCase()}-${spanId}-01`,
  ])('parses nothing from %s', (value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });
});
