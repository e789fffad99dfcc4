export type {
  BunHandler,
  BunHandlerOptions,
  BunWebSocketHandlers,
} from './adapters/bun/bunHandler.js';
export { bunHandler } from './adapters/bun/bunHandler.js';
export type {
  BunServerLike,
  BunSocketData,
  BunSocketEvents,
  BunWebSocketLike,
} from './adapters/bun/bunTypes.js';
