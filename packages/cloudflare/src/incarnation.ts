import { ConnectionHub, HttpHandler } from '@wirecall/server/internal';
import { MAX_ATTACHMENT_BYTES } from './connectionAttachment.js';
import type { DurableServer } from './durableServer.js';
import { storagePubSub } from './storagePubSub.js';
import type { DurableStorage } from './workersTypes.js';

/** The headers kept with a socket unless `attachmentHeaders` says otherwise. */
const DEFAULT_ATTACHMENT_HEADERS = ['origin', 'user-agent'] as const;

/** The server of one incarnation of a Durable Object: made again after every wake-up. */
export interface Incarnation {
  readonly hub: ConnectionHub;
  readonly http: HttpHandler;
  readonly server: DurableServer;
  /** The request headers kept with each socket, lower-case. */
  readonly headers: readonly string[];
  readonly maxAttachmentBytes: number;
}

/**
 * Builds the hub, the HTTP handler and the settings of one incarnation from the server the
 * object describes. The object's storage pub/sub is the default; the server heartbeat and idle
 * timeout are off, since the client's pings are answered by the runtime and a timer would keep
 * the object from hibernating.
 */
export function createIncarnation(server: DurableServer, storage: DurableStorage): Incarnation {
  const { options } = server;
  const hub = new ConnectionHub(server.routes, {
    ...options,
    pubsub: options.pubsub ?? storagePubSub(storage),
    heartbeat: false,
    idleTimeoutMs: 0,
  });
  return {
    hub,
    http: new HttpHandler(hub, options.allowedOrigins, options.http),
    server,
    headers: (options.attachmentHeaders ?? DEFAULT_ATTACHMENT_HEADERS).map((name) =>
      name.toLowerCase(),
    ),
    maxAttachmentBytes: options.maxAttachmentBytes ?? MAX_ATTACHMENT_BYTES - 64,
  };
}
