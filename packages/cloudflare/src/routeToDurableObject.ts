import { isInternalRequest } from './internalPublish.js';
import type { DurableObjectNamespaceLike } from './workersTypes.js';

/** Options of {@link routeToDurableObject}. */
export interface RouteToDurableObjectOptions {
  /**
   * The name of the object that serves `request` (a room, say), or undefined when none does
   * (answered 404). The same name always reaches the same object.
   * @example
   * name: (request) => new URL(request.url).pathname.match(/^\/rooms\/([^/]+)/)?.[1]
   */
  name: (request: Request) => string | undefined | Promise<string | undefined>;
  /** Longest name taken; longer ones are answered 400. @default 256 */
  maxNameLength?: number;
}

/**
 * A Worker's `fetch` handler that sends each request (WebSocket upgrades included) to the
 * Durable Object its name picks, by `idFromName`. Requests that pose as the internal publish of
 * {@link publishToDurableObject} are refused with 404, so only your code can publish.
 * @example
 * export default {
 *   fetch: (request: Request, env: Env) =>
 *     routeToDurableObject(env.ROOMS, { name: (r) => new URL(r.url).searchParams.get('room') ?? undefined })(request),
 * };
 */
export function routeToDurableObject(
  namespace: DurableObjectNamespaceLike,
  options: RouteToDurableObjectOptions,
): (request: Request) => Promise<Response> {
  const maxNameLength = options.maxNameLength ?? 256;
  return async (request) => {
    if (isInternalRequest(request)) return new Response('Not found', { status: 404 });
    let name: string | undefined;
    try {
      name = await options.name(request);
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    if (name === undefined || name === '') return new Response('Not found', { status: 404 });
    if (typeof name !== 'string' || name.length > maxNameLength) {
      return new Response(`The object name must be a string of 1 to ${maxNameLength} characters`, {
        status: 400,
      });
    }
    const stub = namespace.get(namespace.idFromName(name) as never);
    return stub.fetch(request);
  };
}
