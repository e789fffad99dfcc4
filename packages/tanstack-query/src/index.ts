export type { WirecallLiveQueryOptions } from './liveQueryOptions.js';
export { liveQueryOptions } from './liveQueryOptions.js';
export type {
  WirecallMutationOptions,
  WirecallMutationOptionsResult,
} from './mutationOptions.js';
export { mutationOptions } from './mutationOptions.js';
export type {
  CachedQueryLike,
  QueryCacheLike,
  QueryClientLike,
  QueryFunctionContextLike,
} from './queryClientLike.js';
export type { PathOf, WirecallQueryKey, WirecallQueryKeyMeta } from './queryKey.js';
export { pathKey } from './queryKey.js';
export type { WirecallQueryCallOptions, WirecallQueryOptions } from './queryOptions.js';
export { queryOptions } from './queryOptions.js';
