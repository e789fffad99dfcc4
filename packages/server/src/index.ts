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
export type {
  AttachOptions,
  CloseOptions,
  ListeningAddress,
  ListenOptions,
  ServerOptions,
  ServerStats,
} from './createServer.js';
export { createServer, WirecallServer } from './createServer.js';
export type { ErrorReporter } from './errorBoundary.js';
export type {
  CallHandler,
  ErrorFactory,
  HandlerContext,
  HandlerFor,
  Handlers,
  RequestContext,
  SubscriptionHandler,
} from './handlers.js';
export type { ServerLimits } from './limits.js';
export { defaultLimits } from './limits.js';
export type { OriginPolicy } from './origin.js';
export type { ServerSocket } from './transport.js';
