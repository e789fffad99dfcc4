import type { Route } from '../routes.js';
import { memoryPresence } from './memoryPresence.js';
import { PresenceRooms } from './PresenceRooms.js';
import { type PresenceOptions, resolvePresenceSettings } from './presenceOptions.js';
import type { PresenceStore } from './presenceStore.js';

function isStore(option: PresenceStore | PresenceOptions): option is PresenceStore {
  return typeof (option as PresenceStore).set === 'function';
}

/**
 * The server's presence rooms from its `presence` option; none when the contract declares no
 * presence (and no option was given), so such a server holds no store.
 */
export function createPresenceRooms(
  routes: ReadonlyMap<string, Route>,
  option: PresenceStore | PresenceOptions | undefined,
): PresenceRooms | undefined {
  const options: PresenceOptions =
    option === undefined ? {} : isStore(option) ? { store: option } : option;
  const settings = resolvePresenceSettings(options);
  const used = [...routes.values()].some((route) => route.procedure.kind === 'presence');
  if (!used && option === undefined) return undefined;
  return new PresenceRooms(options.store ?? memoryPresence(), settings);
}
