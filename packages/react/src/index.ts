export type {
  ConnectionState,
  ErrorCodeOf,
  ErrorOf,
  EventOf,
  InputOf,
  OutputOf,
} from '@wirecall/client';
export { isRpcError, RpcError } from '@wirecall/client';
export type {
  AnyCallProcedure,
  QueryDefinition,
  SubscriptionDefinition,
} from '@wirecall/core';
export type { InputArgs } from './InputArgs.js';
export type {
  MutateCallbacks,
  MutationState,
  MutationStatus,
} from './observers/MutationObserver.js';
export type { QuerySnapshot } from './observers/QueryObserver.js';
export type { QueryState, QueryStatus } from './observers/SharedQuery.js';
export type {
  SubscriptionHookStatus,
  SubscriptionSnapshot,
} from './observers/SubscriptionObserver.js';
export { useConnectionState } from './useConnectionState.js';
export type { UseMutationOptions, UseMutationResult } from './useMutation.js';
export { useMutation } from './useMutation.js';
export type { UseQueryOptions, UseQueryResult } from './useQuery.js';
export { useQuery } from './useQuery.js';
export type {
  UseSubscriptionKeepOptions,
  UseSubscriptionOptions,
  UseSubscriptionReduceOptions,
  UseSubscriptionResult,
} from './useSubscription.js';
export { useSubscription } from './useSubscription.js';
export { useWirecallClient } from './useWirecallClient.js';
export type { WirecallProviderProps } from './WirecallProvider.js';
export { WirecallProvider } from './WirecallProvider.js';
