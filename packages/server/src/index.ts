export type {
  AnyProcedure,
  BuiltinErrorCode,
  BuiltinErrorData,
  Codec,
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
export type { ServerSocket } from './transport.js';
