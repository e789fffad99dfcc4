export type { DenoHandler, DenoHandlerOptions } from './adapters/deno/denoHandler.js';
export { denoHandler } from './adapters/deno/denoHandler.js';
export type {
  DenoServeInfo,
  DenoUpgradeWebSocket,
  DenoWebSocketLike,
} from './adapters/deno/denoTypes.js';
