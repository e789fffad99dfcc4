import type { RpcError } from '@wirecall/client';
import { HandleRegistry } from './HandleRegistry.js';
import type { SharedSubscription } from './SharedSubscription.js';

/** Every live shared subscription, by handle and input hash. */
export const subscriptionRegistry = new HandleRegistry<SharedSubscription<unknown, RpcError>>();
