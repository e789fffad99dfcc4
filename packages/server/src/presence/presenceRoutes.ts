import {
  MAX_PATH_LENGTH,
  type PresenceDefinition,
  type QueryDefinition,
  type SubscriptionDefinition,
} from '@wirecall/core';
import { PROCEDURE_BRAND, type PresenceDiff } from '@wirecall/core/internal';
import { z } from 'zod';
import type { OperationHost } from '../connection/operationHost.js';
import type { EventQueue } from '../flow/eventQueue.js';
import { invokeHandler } from '../middleware/middlewareChain.js';
import type { Route } from '../routes.js';
import { connectionScope, defaultMemberId, roomName } from './memberIds.js';
import type { PresenceRooms } from './PresenceRooms.js';
import { type PresenceWire, presenceWireSchema } from './presenceWire.js';

const memberId = z.string().min(1).max(MAX_PATH_LENGTH);

interface PresenceRequestContext {
  readonly signal: AbortSignal;
  queue<TItem>(options?: { overflow?: 'buffer' }): EventQueue<TItem>;
}

/**
 * Turns a presence procedure into the subscription (join) or query (update) that carries it, for
 * one connection, so running it is the work of `runSubscription` and `runCall`: input checks,
 * flow control, limits and errors as for any other operation.
 */
export function presenceRoute(
  rooms: PresenceRooms,
  route: Route,
  host: OperationHost,
  join: boolean,
): Route {
  const procedure = route.procedure as PresenceDefinition;
  const base = {
    [PROCEDURE_BRAND]: true as const,
    input: presenceWireSchema(procedure, rooms.settings.maxStateBytes),
    errors: procedure.errors,
    description: procedure.description,
  };
  if (join) {
    const carrier: SubscriptionDefinition = {
      ...base,
      kind: 'subscription',
      event: z.custom<PresenceDiff>(() => true),
      flow: undefined,
    };
    const handler = (wire: PresenceWire, ctx: PresenceRequestContext) =>
      joinRoom(rooms, route, host, wire, ctx);
    return { path: route.path, procedure: carrier, handler: handler as Route['handler'] };
  }
  const carrier: QueryDefinition = { ...base, kind: 'query', output: z.void() };
  const handler = (wire: PresenceWire) =>
    rooms.update(
      roomName(route.path, wire.input),
      connectionScope(host) + wire.entry,
      wire.state,
      route.path,
    );
  return { path: route.path, procedure: carrier, handler: handler as Route['handler'] };
}

async function* joinRoom(
  rooms: PresenceRooms,
  route: Route,
  host: OperationHost,
  wire: PresenceWire,
  ctx: PresenceRequestContext,
): AsyncGenerator<PresenceDiff> {
  const { input, state } = wire;
  // The join handler authorises (by throwing) and may name the member (a user id, say); the
  // server's middleware runs around it, with the room's input and kind 'presence'.
  const named: unknown = await invokeHandler(route, input, ctx, host);
  let member: string;
  if (named === undefined || named === null) member = await defaultMemberId(host);
  else if (memberId.safeParse(named).success) member = named as string;
  else
    throw new Error(
      `The join handler of "${route.path}" must return a member id string or nothing`,
    );
  // Diffs must not be dropped: a member that falls too far behind fails and rejoins afresh.
  const queue = ctx.queue<PresenceDiff>({ overflow: 'buffer' });
  yield* rooms.join(
    {
      host,
      path: route.path,
      room: roomName(route.path, input),
      entryKey: connectionScope(host) + wire.entry,
      member,
      state,
      signal: ctx.signal,
    },
    queue,
  );
}
