/**
 * Derives a connection's identity from its context with the server's `identity` option, once,
 * when the connection is accepted.
 * @throws TypeError when the option returns something other than a string or undefined (a bug of
 * the server, which fails the handshake with 4500 rather than scope records by a wrong value).
 */
export function identityOf(
  identify: ((context: object) => string | undefined) | undefined,
  context: object,
): string | undefined {
  if (!identify) return undefined;
  const identity: unknown = identify(context);
  if (identity === undefined || typeof identity === 'string') return identity;
  throw new TypeError(
    `The server's identity option must return a string or undefined, got ${typeof identity}`,
  );
}
