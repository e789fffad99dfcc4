/** What a query key says of its query: the input and whether it is a plain or a live query. */
export interface WirecallQueryKeyMeta<TInput> {
  readonly input: TInput;
  /** `query` for {@link queryOptions}, `live` for {@link liveQueryOptions}: one cache entry each. */
  readonly type: 'query' | 'live';
}

/**
 * The key of a wirecall query in TanStack's cache: the procedure's path split at dots, then its
 * input and type. `['todos', 'list']` as a prefix matches every input of `todos.list`.
 * @example
 * // ['todos', 'list'], { input: { listId: 'a' }, type: 'live' }]
 * liveQueryOptions(client.todos.list, { listId: 'a' }).queryKey;
 */
export type WirecallQueryKey<TInput> = readonly [
  path: readonly string[],
  meta: WirecallQueryKeyMeta<TInput>,
];

/** What the key helpers need of a procedure handle: its dotted path. */
export interface PathOf {
  readonly path: string;
}

/** A query's key for one input. */
export function queryKeyOf<TInput>(
  handle: PathOf,
  input: TInput,
  type: 'query' | 'live',
): WirecallQueryKey<TInput> {
  return [handle.path.split('.'), { input, type }];
}

/**
 * The key prefix of every cache entry of one procedure (any input, plain or live), to invalidate
 * or remove them together.
 * @example
 * await queryClient.invalidateQueries({ queryKey: pathKey(client.todos.list) });
 */
export function pathKey(handle: PathOf): readonly [path: readonly string[]] {
  if (typeof handle?.path !== 'string')
    throw new TypeError('pathKey expects a procedure handle, like client.todos.list');
  return [handle.path.split('.')];
}
