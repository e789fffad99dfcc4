import {
  type ErrorOf,
  type EventOf,
  hashInput,
  type InputArgs,
  type InputOf,
  type RpcError,
  type SubscriptionHandle,
  SubscriptionObserver,
  type SubscriptionSnapshot,
} from '@wirecall/client';
import type { SubscriptionDefinition } from '@wirecall/core';
import { useEffect, useMemo, useSyncExternalStore } from 'react';

/** Options of {@link useSubscription}. */
export interface UseSubscriptionOptions<TEvent, TError> {
  /** Whether to subscribe; `false` ends the subscription (status `idle`). @default true */
  enabled?: boolean;
  /** Called for each event (the newest callback is used; changing it does not resubscribe). */
  onData?: (event: TEvent) => void;
  /** Called once when the subscription fails. */
  onError?: (error: TError) => void;
}

/** Options of {@link useSubscription} that fold events into state. */
export interface UseSubscriptionReduceOptions<TEvent, TData, TError>
  extends UseSubscriptionOptions<TEvent, TError> {
  /** The data before the first event. */
  initialData: TData;
  /** Folds each event into the data, like a reducer (return a new value, do not mutate). */
  reduce: (data: NoInfer<TData>, event: TEvent) => TData;
}

/** Options of {@link useSubscription} that keep the last events. */
export interface UseSubscriptionKeepOptions<TEvent, TError>
  extends UseSubscriptionOptions<TEvent, TError> {
  /** How many of the newest events `data` holds, oldest first. */
  keep: number;
}

/** What {@link useSubscription} returns. */
export type UseSubscriptionResult<TData, TError> = SubscriptionSnapshot<TData, TError>;

/**
 * Subscribes while the component is mounted, re-rendering on each event; `data` is the latest
 * event (or, with `keep`, the last events; with `reduce`, your own fold). Components using the
 * same procedure and an equal input share one server subscription; a change of input by value
 * resubscribes, a new object with the same content does not. A hook over the client's
 * `SubscriptionObserver`.
 * @example
 * const { data, status, error } = useSubscription(client.chat.messages, { room }, {
 *   initialData: [] as Message[],
 *   reduce: (messages, message) => [...messages, message],
 * });
 */
export function useSubscription<TProcedure extends SubscriptionDefinition, TData>(
  handle: SubscriptionHandle<TProcedure>,
  input: InputOf<TProcedure>,
  options: UseSubscriptionReduceOptions<EventOf<TProcedure>, TData, ErrorOf<TProcedure>>,
): UseSubscriptionResult<TData, ErrorOf<TProcedure>>;
export function useSubscription<TProcedure extends SubscriptionDefinition>(
  handle: SubscriptionHandle<TProcedure>,
  input: InputOf<TProcedure>,
  options: UseSubscriptionKeepOptions<EventOf<TProcedure>, ErrorOf<TProcedure>>,
): UseSubscriptionResult<readonly EventOf<TProcedure>[], ErrorOf<TProcedure>>;
export function useSubscription<TProcedure extends SubscriptionDefinition>(
  handle: SubscriptionHandle<TProcedure>,
  ...args: InputArgs<
    InputOf<TProcedure>,
    UseSubscriptionOptions<EventOf<TProcedure>, ErrorOf<TProcedure>>
  >
): UseSubscriptionResult<EventOf<TProcedure> | undefined, ErrorOf<TProcedure>>;
export function useSubscription(
  handle: SubscriptionHandle<SubscriptionDefinition>,
  input: unknown,
  options: Partial<UseSubscriptionReduceOptions<unknown, unknown, never>> & {
    keep?: number;
  } = {},
): UseSubscriptionResult<unknown, unknown> {
  const key = hashInput(input);
  const enabled = options.enabled ?? true;
  const { keep } = options;
  const folds = typeof options.reduce === 'function';
  if (keep !== undefined && !folds && !(Number.isInteger(keep) && keep > 0)) {
    throw new RangeError(`useSubscription: keep must be a positive integer (got ${keep})`);
  }
  const policy = folds ? 'reduce' : keep === undefined ? 'latest' : `keep:${keep}`;
  const reduce = folds ? options.reduce : keep === undefined ? undefined : keepLast(keep);
  const callbacks = {
    reduce,
    onData: options.onData,
    onError: options.onError as ((error: RpcError) => void) | undefined,
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the input is compared by value (key).
  const observer = useMemo(
    () =>
      new SubscriptionObserver(
        handle,
        input,
        reduce
          ? { ...callbacks, enabled, initialData: folds ? options.initialData : [], reduce }
          : { ...callbacks, enabled, reduce: undefined },
      ),
    [handle, key, enabled, policy],
  );
  useEffect(() => observer.setCallbacks(callbacks));
  return useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
}

/** The reducer of `keep`: the newest `keep` events, oldest first. */
function keepLast(keep: number): (data: unknown, event: unknown) => unknown {
  return (data, event) => {
    const events = data as readonly unknown[];
    return events.length < keep
      ? [...events, event]
      : [...events.slice(events.length - keep + 1), event];
  };
}
