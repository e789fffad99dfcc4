import type { RpcError } from '@wirecall/client';
import { HandleRegistry } from './HandleRegistry.js';
import type { SharedQuery } from './SharedQuery.js';

/** Every live shared query, by handle and input hash. */
export const queryRegistry = new HandleRegistry<SharedQuery<unknown, RpcError>>();
