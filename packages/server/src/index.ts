export type {
  AnyProcedure,
  BuiltinErrorCode,
  BuiltinErrorData,
  Codec,
  ConnectionLimits,
  ContractShape,
  ErrorCodeOf,
  ErrorOf,
  EventOf,
  InputIssue,
  InputOf,
  OutputOf,
  RpcErrorOptions,
  SerializedRpcError,
} from '@wirecall/core';
export { CloseCode, ErrorCode, isRpcError, jsonCodec, RpcError } from '@wirecall/core';
export type { ConnectionInit } from './connection/ServerConnection.js';
export type { ServerHeartbeatOptions } from './connection/serverHeartbeat.js';
export type {
  AttachOptions,
  CloseOptions,
  ListeningAddress,
  ListenOptions,
  ServerOptions,
  ServerStats,
} from './createServer.js';
export { createServer, WirecallServer } from './createServer.js';
export type {
  DedupeClaim,
  DedupeClaimInfo,
  DedupeStore,
  MutationOutcome,
} from './dedupe/dedupeStore.js';
export type { MemoryDedupeStoreOptions } from './dedupe/memoryDedupeStore.js';
export { memoryDedupeStore } from './dedupe/memoryDedupeStore.js';
export type { ErrorReporter } from './errorBoundary.js';
export type { EventQueueOptions } from './flow/eventQueue.js';
export { EventQueue } from './flow/eventQueue.js';
export type {
  CallHandler,
  ErrorFactory,
  HandlerContext,
  HandlerFor,
  Handlers,
  RequestContext,
  SubscriptionHandler,
  SubscriptionRequestContext,
} from './handlers.js';
export type { ServerLimits } from './limits.js';
export { defaultLimits } from './limits.js';
export type { OriginPolicy } from './origin.js';
export type { MemoryPubSubOptions } from './pubsub/memoryPubSub.js';
export { memoryPubSub } from './pubsub/memoryPubSub.js';
export type { PubSub, TopicSubscribeOptions } from './pubsub/pubsub.js';
export type { Tracked } from './tracked.js';
export { isTracked, tracked } from './tracked.js';
export type { ServerSocket } from './transport.js';
