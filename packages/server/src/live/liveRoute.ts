import type { QueryDefinition, SubscriptionDefinition } from '@wirecall/core';
import { z } from 'zod';
import type { Route } from '../routes.js';
import type { LiveRegistry, WatchHost } from './LiveRegistry.js';

/** Each query's definition seen as the subscription its watches are, made once per query. */
const watchProcedures = new WeakMap<QueryDefinition, SubscriptionDefinition>();

/**
 * A query's watch as a subscription: a `subscribe` naming a query runs through the subscription
 * machinery (credit, the socket's high-water mark, resume after reconnect), with a handler that
 * watches the query's shared evaluation. Its events are {@link LiveResult}s, each output checked
 * once per run by the evaluation, not once per watcher.
 */
export function watchRouteOf(route: Route, registry: LiveRegistry, host: WatchHost): Route {
  const query = route.procedure as QueryDefinition;
  let procedure = watchProcedures.get(query);
  if (!procedure) {
    procedure = Object.freeze({
      ...query,
      kind: 'subscription',
      event: z.unknown(),
      flow: undefined,
    }) as unknown as SubscriptionDefinition;
    watchProcedures.set(query, procedure);
  }
  return {
    path: route.path,
    procedure,
    handler: (input: unknown) => registry.watch(route, input, host),
  };
}
