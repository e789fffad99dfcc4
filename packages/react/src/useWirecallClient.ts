import type { WirecallClient } from '@wirecall/client';
import { useContext } from 'react';
import { WirecallContext } from './WirecallProvider.js';

/**
 * The client of the nearest `WirecallProvider`.
 * @throws Error when there is no `WirecallProvider` above the component.
 */
export function useWirecallClient(): WirecallClient {
  const client = useContext(WirecallContext);
  if (!client) {
    throw new Error('No wirecall client here: wrap your app in <WirecallProvider client={client}>');
  }
  return client;
}
