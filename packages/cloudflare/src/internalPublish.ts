import type { PubSub } from '@wirecall/server';

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

/**
 * Serves an internal publish (`POST` to {@link PUBLISH_PATH} with `{ topic, event }`): answers
 * `{ id }` with the event's id, 400 for a body that is not JSON or has no topic, 404 otherwise.
 */
export async function serveInternalPublish(
  pubsub: Pick<PubSub, 'publish'>,
  request: Request,
): Promise<Response> {
  if (request.method !== 'POST' || !new URL(request.url).pathname.endsWith(PUBLISH_PATH)) {
    return new Response('Not found', { status: 404 });
  }
  let body: { topic?: unknown; event?: unknown };
  try {
    body = (await request.json()) as typeof body;
  } catch {
    return new Response('The body must be JSON', { status: 400 });
  }
  if (typeof body?.topic !== 'string' || body.topic.length === 0) {
    return new Response('The body needs a topic', { status: 400 });
  }
  const id = await pubsub.publish(body.topic, body.event);
  return Response.json({ id });
}
