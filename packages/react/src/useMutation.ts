import {
  type CallHandle,
  type ErrorOf,
  type InputOf,
  type MutateCallbacks,
  MutationObserver,
  type MutationState,
  type OutputOf,
} from '@wirecall/client';
import type { AnyCallProcedure } from '@wirecall/core';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';

/** Options of {@link useMutation}: callbacks for every call. */
export type UseMutationOptions<TInput, TOutput, TError> = MutateCallbacks<TInput, TOutput, TError>;

/** What {@link useMutation} returns. */
export interface UseMutationResult<TInput, TOutput, TError> extends MutationState<TOutput, TError> {
  /** Runs the mutation; the outcome lands in `status`, `data` and `error` (no promise to handle). */
  readonly mutate: (input: TInput, callbacks?: MutateCallbacks<TInput, TOutput, TError>) => void;
  /** Runs the mutation; resolves with its result or rejects with its typed error. */
  readonly mutateAsync: (
    input: TInput,
    callbacks?: MutateCallbacks<TInput, TOutput, TError>,
  ) => Promise<TOutput>;
  /** Back to `idle`. */
  readonly reset: () => void;
}

/**
 * A mutation to run from event handlers, with its state for the UI. The state is that of the
 * latest call; `error` is typed by the procedure's declared and built-in codes. A hook over the
 * client's `MutationObserver`.
 * @example
 * const send = useMutation(client.chat.send);
 * send.mutate({ room, text });
 * if (isRpcError(send.error, 'ROOM_CLOSED', client.chat.send)) show(send.error.data.room);
 */
export function useMutation<TProcedure extends AnyCallProcedure>(
  handle: CallHandle<TProcedure>,
  options: UseMutationOptions<InputOf<TProcedure>, OutputOf<TProcedure>, ErrorOf<TProcedure>> = {},
): UseMutationResult<InputOf<TProcedure>, OutputOf<TProcedure>, ErrorOf<TProcedure>> {
  const [observer] = useState(() => new MutationObserver(handle, options));
  useEffect(() => observer.setOptions(handle, options));
  const state = useSyncExternalStore(
    observer.subscribe,
    observer.getSnapshot,
    observer.getServerSnapshot,
  );
  return useMemo(
    () => ({
      ...state,
      mutate: observer.mutate,
      mutateAsync: observer.mutateAsync,
      reset: observer.reset,
    }),
    [state, observer],
  );
}
