import type { WirecallClient } from '@wirecall/client';
import { createContext, createElement, type ReactNode } from 'react';

/** @internal The client of the nearest {@link WirecallProvider}. */
export const WirecallContext = createContext<WirecallClient | undefined>(undefined);

/** Props of {@link WirecallProvider}. */
export interface WirecallProviderProps {
  /** The client made by `createClient`. For server rendering, make it with `lazy: true`. */
  client: WirecallClient;
  children?: ReactNode;
}

/**
 * Hands a wirecall client to the hooks below it (`useConnectionState`, `useQuery`'s
 * `refetchOnReconnect`, `useWirecallClient`).
 * @example
 * const client = createClient(api, { url: 'wss://example.com/rpc' });
 * root.render(<WirecallProvider client={client}><App /></WirecallProvider>);
 */
export function WirecallProvider({ client, children }: WirecallProviderProps): ReactNode {
  return createElement(WirecallContext.Provider, { value: client }, children);
}
