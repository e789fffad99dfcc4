import type { CallHandle, CallOptions } from '@wirecall/client';
import type { InputOf, MutationDefinition, OutputOf } from '@wirecall/core';
import type { QueryClientLike } from './queryClientLike.js';

/** Options of {@link mutationOptions}. */
export interface WirecallMutationOptions<TInput, TOutput> extends Omit<CallOptions, 'signal'> {
  /**
   * Cache entries of plain (not live) queries to invalidate once the mutation succeeded: keys or
   * key prefixes (see `pathKey`), or a function of the input and output giving them. Live
   * queries need none of this: the server's `ctx.invalidate` updates them. @default []
   */
  invalidates?:
    | readonly (readonly unknown[])[]
    | ((input: TInput, output: TOutput) => readonly (readonly unknown[])[]);
}

/** What {@link mutationOptions} returns: spread it into `useMutation`. */
export interface WirecallMutationOptionsResult<TInput, TOutput> {
  readonly mutationKey: readonly [path: readonly string[]];
  /** Runs the mutation through the wirecall client. */
  readonly mutationFn: (input: TInput) => Promise<TOutput>;
  /** Invalidates the queries tagged by `invalidates` once the mutation succeeded. */
  readonly onSuccess?: (
    output: TOutput,
    input: TInput,
    onMutateResult: unknown,
    context: { readonly client: QueryClientLike },
  ) => Promise<void>;
}

/**
 * TanStack Query options for a mutation: its key (the path split at dots) and a mutation
 * function that calls it (at most once, as every wirecall mutation).
 * @example
 * const add = useMutation(mutationOptions(client.todos.add));
 * add.mutate({ listId, text });
 */
export function mutationOptions<TProcedure extends MutationDefinition>(
  handle: CallHandle<TProcedure>,
  options: WirecallMutationOptions<InputOf<TProcedure>, OutputOf<TProcedure>> = {},
): WirecallMutationOptionsResult<InputOf<TProcedure>, OutputOf<TProcedure>> {
  if (typeof handle !== 'function' || typeof handle.path !== 'string')
    throw new TypeError('mutationOptions expects a mutation handle, like client.todos.add');
  const { invalidates, ...callOptions } = options;
  const call = handle as unknown as (
    input: unknown,
    options: CallOptions,
  ) => Promise<OutputOf<TProcedure>>;
  const result: WirecallMutationOptionsResult<InputOf<TProcedure>, OutputOf<TProcedure>> = {
    mutationKey: [handle.path.split('.')],
    mutationFn: (input) => call(input, callOptions),
  };
  if (invalidates === undefined) return result;
  return {
    ...result,
    onSuccess: async (output, input, _onMutateResult, { client }) => {
      const keys = typeof invalidates === 'function' ? invalidates(input, output) : invalidates;
      await Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  };
}
