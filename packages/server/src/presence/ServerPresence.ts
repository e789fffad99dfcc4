import {
  type AnySchema,
  ErrorCode,
  type HandlerEventOf,
  type InferOutput,
  type InputOf,
  type PresenceDefinition,
  type PresenceMember,
  RpcError,
  type StateOf,
} from '@wirecall/core';
import { formatIssues, validate } from '@wirecall/core/internal';
import type { Route } from '../routes.js';
import { roomName } from './memberIds.js';
import type { PresenceRooms } from './PresenceRooms.js';

/** The room's input as arguments: optional when the presence has one room (no `input`). */
type RoomArgs<TProcedure extends PresenceDefinition> =
  undefined extends InputOf<TProcedure>
    ? [input?: InputOf<TProcedure>]
    : [input: InputOf<TProcedure>];

/** The room's input and the event; the event alone when the presence has one room. */
type PublishArgs<TProcedure extends PresenceDefinition> =
  undefined extends InputOf<TProcedure>
    ?
        | [event: HandlerEventOf<TProcedure>]
        | [input: InputOf<TProcedure>, event: HandlerEventOf<TProcedure>]
    : [input: InputOf<TProcedure>, event: HandlerEventOf<TProcedure>];

/**
 * Server code's view of one presence procedure, from `server.presence(api.chat.online)`: read a
 * room's members and publish an event to everyone in it, on any instance. Members come from the
 * shared store (no instance asks the others), so a dead instance never makes it wait.
 * @example
 * const online = server.presence(api.chat.online);
 * const members = await online.members({ room: 'general' });
 * await online.publish({ room: 'general' }, { text: 'Maintenance in 5 minutes' });
 */
export interface ServerPresence<TProcedure extends PresenceDefinition> {
  /**
   * Every member of the room now (`{ id, state }`, one per member however many tabs it has),
   * as the store has it: the instance's own view of a room it serves, else a snapshot read
   * from the store. Rejects with `BAD_INPUT` for an input the contract refuses.
   */
  members(...args: RoomArgs<TProcedure>): Promise<PresenceMember<StateOf<TProcedure>>[]>;
  /**
   * Sends `event` (checked against the contract's `event` schema) to every member of the room,
   * on every instance, after every change the room saw before it; `room.onEvent` gets it on the
   * client. Members joining later do not get it. Resolves once the store sent it. Rejects with
   * `BAD_INPUT` for an input or event the contract refuses.
   */
  publish(...args: PublishArgs<TProcedure>): Promise<void>;
}

async function checked<TSchema extends AnySchema>(
  schema: TSchema,
  value: unknown,
  what: string,
  path: string,
): Promise<InferOutput<TSchema>> {
  let parsed = validate(schema, value);
  if (parsed instanceof Promise) parsed = await parsed;
  if (parsed.ok) return parsed.value;
  throw new RpcError(
    ErrorCode.BAD_INPUT,
    { issues: parsed.issues },
    { message: `Invalid ${what} for "${path}": ${formatIssues(parsed.issues)}` },
  );
}

/**
 * The {@link ServerPresence} of `procedure`, which must be a presence of the server's contract.
 * @throws TypeError for anything else (a procedure of another contract, say).
 */
export function serverPresence<TProcedure extends PresenceDefinition>(
  routes: ReadonlyMap<string, Route>,
  rooms: PresenceRooms | undefined,
  procedure: TProcedure,
): ServerPresence<TProcedure> {
  const route = [...routes.values()].find((candidate) => candidate.procedure === procedure);
  if (!route || procedure.kind !== 'presence' || !rooms)
    throw new TypeError('server.presence() takes a presence procedure of the server’s contract');
  const { path } = route;
  const room = async (input: unknown) =>
    roomName(path, await checked(procedure.input, input, 'input', path));
  return {
    async members(...args: unknown[]) {
      const members = await rooms.members(await room(args[0]));
      return members as PresenceMember<StateOf<TProcedure>>[];
    },
    async publish(...args: unknown[]) {
      // With one room (no input) the event may be the only argument.
      const [input, event] = args.length < 2 ? [undefined, args[0]] : args;
      const name = await room(input);
      const value = await checked(procedure.event, event, 'event', path);
      await rooms.publish(name, value);
    },
  };
}
