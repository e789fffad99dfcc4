import { INTERNAL_HEADER, PUBLISH_PATH } from './internalPublish.js';
import type { DurableObjectNamespaceLike } from './workersTypes.js';

/**
 * Publishes an event into a topic of the Durable Object named `name`, from a Worker or from
 * another object: the way pub/sub crosses objects. Each object is the ordered, durable log of
 * its own topics (see `storagePubSub`); publishing into it is one request to it, which then
 * reaches every socket it holds. Resolves with the event's id.
 * @throws Error when the object answers with an error status.
 * @example
 * await publishToDurableObject(env.ROOMS, 'lobby', 'messages', { text: 'Deploy at noon' });
 */
export async function publishToDurableObject(
  namespace: DurableObjectNamespaceLike,
  name: string,
  topic: string,
  event: unknown,
): Promise<string> {
  const stub = namespace.get(namespace.idFromName(name) as never);
  const response = await stub.fetch(
    new Request(`https://wirecall.internal${PUBLISH_PATH}`, {
      method: 'POST',
      headers: { [INTERNAL_HEADER]: 'publish', 'content-type': 'application/json' },
      body: JSON.stringify({ topic, event }),
    }),
  );
  if (!response.ok) {
    throw new Error(`Publishing to "${name}" failed: ${response.status} ${await response.text()}`);
  }
  return ((await response.json()) as { id: string }).id;
}
