import type { ConnectionState } from '@wirecall/client';
import { useCallback, useSyncExternalStore } from 'react';
import { useWirecallClient } from './useWirecallClient.js';

/**
 * The state of the provider's client connection, re-rendering on every change: `idle`,
 * `connecting`, `open`, `reconnecting` or `closed`. Server rendering (and hydration) sees `idle`.
 * @example
 * const state = useConnectionState();
 * if (state === 'reconnecting') return <Banner>Reconnecting…</Banner>;
 */
export function useConnectionState(): ConnectionState {
  const client = useWirecallClient();
  const subscribe = useCallback((onChange: () => void) => client.on('state', onChange), [client]);
  return useSyncExternalStore(
    subscribe,
    () => client.state,
    () => 'idle',
  );
}
