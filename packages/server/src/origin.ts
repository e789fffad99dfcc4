/**
 * Which browser origins may connect: a list of exact origins (`https://app.example.com`) or
 * patterns, or a function. Requests without an `Origin` header (servers, native apps) are not
 * browsers' and are always let through: the check protects against other sites' pages.
 */
export type OriginPolicy = ReadonlyArray<string | RegExp> | ((origin: string) => boolean);

/** Whether an upgrade request's `Origin` header passes the policy. */
export function isOriginAllowed(
  policy: OriginPolicy | undefined,
  origin: string | undefined,
): boolean {
  if (policy === undefined || origin === undefined) return true;
  if (typeof policy === 'function') return policy(origin);
  return policy.some((allowed) =>
    typeof allowed === 'string' ? allowed === origin : allowed.test(origin),
  );
}
