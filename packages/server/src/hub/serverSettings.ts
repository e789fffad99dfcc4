import { type Codec, type ContractShape, jsonCodec } from '@wirecall/core';
import type { ConnectionSettings } from '../connection/connectionSettings.js';
import { emptyContext } from '../connection/connectionSettings.js';
import { HandshakeBudget } from '../connection/handshakeBudget.js';
import { defaultHeartbeat, ServerHeartbeat } from '../connection/serverHeartbeat.js';
import { memoryDedupeStore } from '../dedupe/memoryDedupeStore.js';
import { consoleReporter } from '../errorBoundary.js';
import { resolveLimits } from '../limits.js';
import { LiveRegistry } from '../live/LiveRegistry.js';
import { reporterFor, silentLogger } from '../logger.js';
import { createPresenceRooms } from '../presence/createPresenceRooms.js';
import { memoryPubSub } from '../pubsub/memoryPubSub.js';
import type { Route } from '../routes.js';
import type { ServerOptions } from '../serverOptions.js';

/** The codecs of a server by subprotocol, in the server's order of preference. */
function codecsBySubprotocol(option: Codec | readonly Codec[] | undefined): Map<string, Codec> {
  const codecs: readonly Codec[] =
    option === undefined ? [jsonCodec] : 'encode' in option ? [option] : option;
  if (codecs.length === 0) throw new TypeError('The server needs at least one codec');
  const bySubprotocol = new Map<string, Codec>();
  for (const codec of codecs) {
    if (bySubprotocol.has(codec.subprotocol))
      throw new TypeError(`Two codecs speak the subprotocol ${codec.subprotocol}`);
    bySubprotocol.set(codec.subprotocol, codec);
  }
  return bySubprotocol;
}

/**
 * A server's options made into the settings its connections share, one per subprotocol (the same
 * but for the codec), in the server's order of preference. Throws for invalid options.
 */
export function resolveSettings(
  routes: ReadonlyMap<string, Route>,
  options: ServerOptions<ContractShape, object>,
): ReadonlyMap<string, ConnectionSettings> {
  const codecs = codecsBySubprotocol(options.codec);
  const limits = resolveLimits(options);
  const heartbeat = options.heartbeat === false ? { intervalMs: 0 } : options.heartbeat;
  const pubsub = options.pubsub ?? memoryPubSub();
  const report = reporterFor(options.logger, options.onError, consoleReporter);
  const shared: Omit<ConnectionSettings, 'codec'> = {
    pubsub,
    live: new LiveRegistry(pubsub, report),
    dedupe: options.dedupe ?? memoryDedupeStore(),
    presence: createPresenceRooms(routes, options.presence),
    identify: options.identity as ((context: object) => string | undefined) | undefined,
    heartbeat: new ServerHeartbeat({
      intervalMs: heartbeat?.intervalMs ?? defaultHeartbeat.intervalMs,
      timeoutMs: heartbeat?.timeoutMs ?? defaultHeartbeat.timeoutMs,
    }),
    connections: new Set(),
    handshakes: new HandshakeBudget(limits.maxHandshakes, limits.maxHandshakesPerIp),
    routes,
    // One frozen object for all connections: handlers get a copy in `ctx` anyway.
    createContext: options.context ?? (() => emptyContext),
    limits,
    validateOutput: options.validateOutput ?? true,
    report,
    logger: options.logger ?? silentLogger,
    telemetry: options.telemetry,
  };
  const settings = new Map<string, ConnectionSettings>();
  for (const [subprotocol, codec] of codecs) settings.set(subprotocol, { ...shared, codec });
  return settings;
}
