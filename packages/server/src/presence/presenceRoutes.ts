import {
  ErrorCode,
  MAX_PATH_LENGTH,
  type PresenceDefinition,
  type QueryDefinition,
  RpcError,
  type SubscriptionDefinition,
} from '@wirecall/core';
import {
  formatIssues,
  MAX_PRESENCE_ENTRY_LENGTH,
  PROCEDURE_BRAND,
  type PresenceDiff,
  validate,
} from '@wirecall/core/internal';
import { z } from 'zod';
import type { OperationHost } from '../connection/operationHost.js';
import type { EventQueue } from '../flow/eventQueue.js';
import type { Route } from '../routes.js';
import { connectionScope, defaultMemberId, roomName } from './memberIds.js';
import type { PresenceRooms } from './PresenceRooms.js';

/** The wire input of a join or an update (docs/protocol.md, "Presence"). */
const wireInput = z.object({
  input: z.unknown(),
  state: z.unknown(),
  entry: z.string().min(1).max(MAX_PRESENCE_ENTRY_LENGTH),
});

const memberId = z.string().min(1).max(MAX_PATH_LENGTH);

type WireInput = z.output<typeof wireInput>;

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
    input: wireInput,
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
    const handler = (wire: WireInput, ctx: PresenceRequestContext) =>
      joinRoom(rooms, route, host, wire, ctx);
    return { path: route.path, procedure: carrier, handler: handler as Route['handler'] };
  }
  const carrier: QueryDefinition = { ...base, kind: 'query', output: z.void() };
  const handler = async (wire: WireInput) => {
    const input = await checkInput(procedure, route.path, wire.input);
    const state = await rooms.checkState(procedure, route.path, wire.state);
    await rooms.update(
      roomName(route.path, input),
      connectionScope(host) + wire.entry,
      state,
      route.path,
    );
  };
  return { path: route.path, procedure: carrier, handler: handler as Route['handler'] };
}

async function* joinRoom(
  rooms: PresenceRooms,
  route: Route,
  host: OperationHost,
  wire: WireInput,
  ctx: PresenceRequestContext,
): AsyncGenerator<PresenceDiff> {
  const procedure = route.procedure as PresenceDefinition;
  const input = await checkInput(procedure, route.path, wire.input);
  const state = await rooms.checkState(procedure, route.path, wire.state);
  // The join handler authorises (by throwing) and may name the member (a user id, say).
  const named: unknown = await route.handler(input, ctx as never);
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

async function checkInput(
  procedure: PresenceDefinition,
  path: string,
  input: unknown,
): Promise<unknown> {
  let parsed = validate(procedure.input, input);
  if (parsed instanceof Promise) parsed = await parsed;
  if (!parsed.ok) {
    throw new RpcError(
      ErrorCode.BAD_INPUT,
      { issues: parsed.issues },
      { message: `Invalid input for "${path}": ${formatIssues(parsed.issues)}` },
    );
  }
  return parsed.value;
}
