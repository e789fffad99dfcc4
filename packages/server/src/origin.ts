/**
 * Which browser origins may connect: a list of exact origins (`https://app.example.com`) or
 * patterns, or a function. Requests without an `Origin` header (servers, native apps) are not
 * browsers' and are always let through: the check protects against other sites' pages.
 */
export type OriginPolicy = ReadonlyArray<string | RegExp> | ((origin: string) => boolean);

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The default policy: an origin on the request's own host (its `Host` header), or on a loopback
 * host for local development. Every other site's page is refused, so a page the user happens to
 * visit cannot open a socket or make a call with the user's cookies (cross-site hijacking).
 */
function isSameHostOrLoopback(origin: string, host: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (sandboxed frames, file:) and garbage are no origin we know.
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (loopbackHosts.has(url.hostname)) return true;
  return host !== undefined && url.host.toLowerCase() === host.toLowerCase();
}

/**
 * Whether a request's `Origin` header passes the policy; without a policy, the origin must be
 * on the request's `host` or a loopback host.
 */
export function isOriginAllowed(
  policy: OriginPolicy | undefined,
  origin: string | undefined,
  host?: string,
): boolean {
  if (origin === undefined) return true;
  if (policy === undefined) return isSameHostOrLoopback(origin, host);
  if (typeof policy === 'function') return policy(origin);
  return policy.some((allowed) =>
    typeof allowed === 'string' ? allowed === origin : allowed.test(origin),
  );
}
