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
  InferInput,
  InferOutput,
  InputIssue,
  InputOf,
  OutputOf,
  RpcErrorOptions,
  SerializedRpcError,
  TraceContext,
} from '@wirecall/core';
export { CloseCode, ErrorCode, isRpcError, jsonCodec, RpcError } from '@wirecall/core';
export { serveExpress } from './adapters/express.js';
export type { FastifyAttachOptions, FastifyLike } from './adapters/fastify.js';
export { attachToFastify } from './adapters/fastify.js';
export type { FetchHandler } from './adapters/fetchListener.js';
export { fetchListener } from './adapters/fetchListener.js';
export { serveHono } from './adapters/hono.js';
export type { AttachOptions, ListeningAddress, ListenOptions } from './adapters/nodeHttp.js';
export type { NodeRequestLike } from './adapters/nodeRequest.js';
export { WirecallServer } from './adapters/WirecallServer.js';
export type { ConnectionInit } from './connection/connectionSettings.js';
export type { ServerHeartbeatOptions } from './connection/serverHeartbeat.js';
export { createServer } from './createServer.js';
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
  ErrorFactory,
  HandlerContext,
  RequestContext,
  SubscriptionRequestContext,
} from './handlerContext.js';
export type {
  CallHandler,
  HandlerFor,
  Handlers,
  PresenceHandler,
  SubscriptionHandler,
} from './handlers.js';
export type { CorsOptions, HttpOptions } from './http/httpOptions.js';
export type { ServerLimits } from './limits.js';
export { defaultLimits } from './limits.js';
export type { LiveStats } from './live/LiveRegistry.js';
export type { Logger } from './logger.js';
export type { MemoryRateLimitStoreOptions } from './middleware/memoryRateLimitStore.js';
export { memoryRateLimitStore } from './middleware/memoryRateLimitStore.js';
export type {
  AddedContextOf,
  AnyMiddleware,
  Middleware,
  MiddlewareConnection,
  MiddlewareContextAt,
  MiddlewareEntry,
  MiddlewareNext,
  MiddlewareOptions,
  MiddlewareResult,
  ProcedureKind,
  ScopedMiddleware,
} from './middleware/middleware.js';
export { middleware, scoped } from './middleware/middleware.js';
export type { RateLimitKeyInfo, RateLimitOptions } from './middleware/rateLimit.js';
export { rateLimit } from './middleware/rateLimit.js';
export type { RateLimitCheck, RateLimitRule, RateLimitStore } from './middleware/rateLimitStore.js';
export { gcra } from './middleware/rateLimitStore.js';
export type { OriginPolicy } from './origin.js';
export type { MemoryPresenceOptions } from './presence/memoryPresence.js';
export { MemoryPresenceRooms, memoryPresence } from './presence/memoryPresence.js';
export type { PresenceOptions } from './presence/presenceOptions.js';
export { defaultPresenceSettings } from './presence/presenceOptions.js';
export type {
  PresenceChange,
  PresenceEntry,
  PresenceSnapshot,
  PresenceStore,
} from './presence/presenceStore.js';
export type { ServerPresence } from './presence/ServerPresence.js';
export type { MemoryPubSubOptions } from './pubsub/memoryPubSub.js';
export { memoryPubSub } from './pubsub/memoryPubSub.js';
export type { PubSub, TopicListenOptions, TopicSubscribeOptions } from './pubsub/pubsub.js';
export type { ConnectionRequest, RequestParts } from './request.js';
export { describeRequest } from './request.js';
export type { CloseOptions, ServerOptions, ServerStats } from './serverOptions.js';
export type {
  ServerTelemetry,
  TelemetryRequest,
  TelemetrySpan,
} from './telemetry/ServerTelemetry.js';
export type { Tracked } from './tracked.js';
export { isTracked, tracked } from './tracked.js';
export type { ServerSocket, SocketListener } from './transport.js';
