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
  PresenceDefinition,
  PresenceMember,
  RpcErrorOptions,
  SerializedRpcError,
  StateInputOf,
  StateOf,
} from '@wirecall/core';
export { CloseCode, ErrorCode, isRpcError, jsonCodec, RpcError } from '@wirecall/core';
export type { CloseInfo } from './connection/ClientConnection.js';
export type { ConnectionState } from './connection/connectionState.js';
export type { HeartbeatOptions } from './connection/heartbeat.js';
export type { LifecycleSource } from './connection/lifecycleEvents.js';
export type { BackoffOptions, RetryContext, RetryOption } from './connection/reconnect.js';
export type { Timers } from './connection/timers.js';
export type { WebSocketConstructor, WebSocketLike } from './connection/webSocketLike.js';
export type { Client, ClientOptions } from './createClient.js';
export { createClient } from './createClient.js';
export type {
  CallHandle,
  ClientHandles,
  HandleFor,
  HandleInfo,
  PresenceHandle,
  PresenceRoomOf,
  QueryHandle,
  SubscriptionHandle,
  SubscriptionOf,
} from './handles.js';
export type {
  LiveQueryObserverOptions,
  LiveQuerySnapshot,
  LiveQueryStatus,
} from './live/LiveQueryObserver.js';
export { LiveQueryObserver } from './live/LiveQueryObserver.js';
export type {
  OptionalInputWatchFunction,
  WatchFunction,
  WatchOf,
  WatchOptions,
} from './live/watchTypes.js';
export { hashInput } from './observers/hashInput.js';
export type { InputArgs } from './observers/InputArgs.js';
export type {
  MutateCallbacks,
  MutationCallbacksOf,
  MutationState,
  MutationStatus,
} from './observers/MutationObserver.js';
export { MutationObserver } from './observers/MutationObserver.js';
export type { QueryObserverOptions, QuerySnapshot } from './observers/QueryObserver.js';
export { QueryObserver } from './observers/QueryObserver.js';
export type { QueryState, QueryStatus } from './observers/SharedQuery.js';
export type {
  SubscriptionObserverCallbacks,
  SubscriptionObserverOptions,
  SubscriptionObserverReduceOptions,
  SubscriptionObserverStatus,
  SubscriptionSnapshot,
} from './observers/SubscriptionObserver.js';
export { SubscriptionObserver } from './observers/SubscriptionObserver.js';
export type { CallOptions } from './operations/PendingCall.js';
export type { SubscribeOptions, SubscriptionStatus } from './operations/Subscription.js';
export { Subscription } from './operations/Subscription.js';
export { PresenceObserver } from './presence/PresenceObserver.js';
export type { PresenceRoomStatus } from './presence/PresenceRoom.js';
export { PresenceRoom } from './presence/PresenceRoom.js';
export type { FetchFunction } from './transports/HttpCalls.js';
export type { TransportName } from './transports/transportUrls.js';
export type { ClientEvents, ClientSettings, ClientStats } from './WirecallClient.js';
export { WirecallClient } from './WirecallClient.js';
