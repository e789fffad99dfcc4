/**
 * Where the client's connection is:
 * - `idle`: no socket, none wanted yet;
 * - `connecting`: a socket is opening or shaking hands;
 * - `open`: the server said `welcome`; calls flow;
 * - `reconnecting`: the connection dropped and another attempt is scheduled or under way;
 * - `closed`: `client.close()` was called, or the server refused us for good. Final.
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Everything that can happen to the connection. */
export type ConnectionAction =
  | { readonly type: 'connect' }
  | { readonly type: 'welcomed' }
  | { readonly type: 'dropped'; readonly retry: boolean }
  | { readonly type: 'close' };

/** The connection's state machine: one pure function, one exhaustive switch. */
export function reduceConnectionState(
  state: ConnectionState,
  action: ConnectionAction,
): ConnectionState {
  if (state === 'closed') return state;
  switch (action.type) {
    case 'connect':
      return state === 'reconnecting' ? 'reconnecting' : 'connecting';
    case 'welcomed':
      return 'open';
    case 'dropped':
      return action.retry ? 'reconnecting' : 'idle';
    case 'close':
      return 'closed';
    default: {
      const unexpected: never = action;
      return unexpected;
    }
  }
}
