import { routeToDurableObject } from '@wirecall/cloudflare';
import { type Env, roomOf } from './ChatRoom.js';

export { ChatRoom } from './ChatRoom.js';

/**
 * The Worker: `/rooms/<room>` (WebSocket, or the HTTP transport) goes to that room's Durable
 * Object; anything else is 404.
 */
export default {
  fetch(request: Request, env: Env): Promise<Response> {
    return routeToDurableObject(env.ROOMS, { name: (r) => roomOf(r.url) })(request);
  },
};
