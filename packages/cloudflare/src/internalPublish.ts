/**
 * The request by which a Worker or another object publishes into a Durable Object's pub/sub:
 * a POST to this path with this header. The router refuses requests to it from outside.
 */
export const PUBLISH_PATH = '/__wirecall/publish';

/** The header that marks an internal publish; its value is `publish`. */
export const INTERNAL_HEADER = 'x-wirecall-internal';

/** Whether `request` is an internal publish (or pretends to be one). */
export function isInternalRequest(request: Request): boolean {
  return (
    request.headers.has(INTERNAL_HEADER) || new URL(request.url).pathname.endsWith(PUBLISH_PATH)
  );
}
