/** A value that refers to itself: no codec can encode it. */
export function circularValue(): Record<string, unknown> {
  const value: Record<string, unknown> = { n: 1 };
  value.self = value;
  return value;
}

/** A value nested `levels` deep: deeper than any encoder's stack at 20,000. */
export function deepValue(levels = 20_000): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = [value];
  return value;
}
