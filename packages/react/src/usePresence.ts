import {
  type InputOf,
  type PresenceDefinition,
  type PresenceHandle,
  type PresenceMember,
  PresenceObserver,
  type StateInputOf,
  type StateOf,
} from '@wirecall/client';
import { useEffect, useState, useSyncExternalStore } from 'react';

/**
 * Joins a presence room while the component is mounted and returns its members (this client
 * included), re-rendering on every change; leaves on unmount. A new `input` by value moves to
 * that room; a new `state` by value is shared with the room (coalesced). A hook over the client's
 * `PresenceObserver`.
 * @example
 * const members = usePresence(client.chat.online, { room }, { name, typing });
 * return <ul>{members.map((m) => <li key={m.id}>{m.state.name}</li>)}</ul>;
 */
export function usePresence<TProcedure extends PresenceDefinition>(
  handle: PresenceHandle<TProcedure>,
  input: InputOf<TProcedure>,
  state: StateInputOf<TProcedure>,
): readonly PresenceMember<StateOf<TProcedure>>[] {
  const [observer] = useState(() => new PresenceObserver(handle, input, state));
  // The observer compares by value, so a new object with the same content changes nothing.
  useEffect(() => observer.setInput(input));
  useEffect(() => observer.setState(state));
  return useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getSnapshot);
}
