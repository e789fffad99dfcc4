export type {
  ConnectionState,
  ErrorCodeOf,
  ErrorOf,
  EventOf,
  InputArgs,
  InputOf,
  LiveQuerySnapshot,
  LiveQueryStatus,
  MutateCallbacks,
  MutationState,
  MutationStatus,
  OutputOf,
  PresenceMember,
  QueryHandle,
  QuerySnapshot,
  QueryState,
  QueryStatus,
  SubscriptionObserverStatus as SubscriptionHookStatus,
  SubscriptionSnapshot,
} from '@wirecall/client';
export { isRpcError, RpcError } from '@wirecall/client';
export type {
  AnyCallProcedure,
  PresenceDefinition,
  QueryDefinition,
  SubscriptionDefinition,
} from '@wirecall/core';
export { useConnectionState } from './useConnectionState.js';
export type { UseLiveQueryOptions, UseLiveQueryResult } from './useLiveQuery.js';
export { useLiveQuery } from './useLiveQuery.js';
export type { UseMutationOptions, UseMutationResult } from './useMutation.js';
export { useMutation } from './useMutation.js';
export { usePresence } from './usePresence.js';
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
