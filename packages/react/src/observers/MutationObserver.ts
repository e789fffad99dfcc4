import { type RpcError, toRpcError } from '@wirecall/core';
import { safely } from './reportError.js';

/** Where a mutation is: `idle` before the first `mutate` (or after `reset`), then `pending`, `success` or `error`. */
export type MutationStatus = 'idle' | 'pending' | 'success' | 'error';

/** The state of a mutation: that of the latest `mutate`. */
export interface MutationState<TOutput, TError> {
  readonly status: MutationStatus;
  /** The result of the latest `mutate`, once it succeeded. */
  readonly data: TOutput | undefined;
  /** The error of the latest `mutate`, if it failed. */
  readonly error: TError | undefined;
}

/** Callbacks of one `mutate`, or of every `mutate` of an observer. */
export interface MutateCallbacks<TInput, TOutput, TError> {
  /** Called with the result when the call succeeds. */
  onSuccess?: ((data: TOutput, input: TInput) => void) | undefined;
  /** Called with the typed error when the call fails. */
  onError?: ((error: TError, input: TInput) => void) | undefined;
  /** Called after either. */
  onSettled?:
    | ((data: TOutput | undefined, error: TError | undefined, input: TInput) => void)
    | undefined;
}

/** Runs the mutation once; the client handle. */
export type RunMutation<TInput, TOutput> = (input: TInput) => Promise<TOutput>;

const idle = { status: 'idle', data: undefined, error: undefined } as const;

/**
 * A mutation's state for one consumer, with `subscribe`/`getSnapshot` for `useSyncExternalStore`.
 * Only the latest `mutate` sets the state; results of earlier ones still reach their own callbacks
 * and promises. Framework-free.
 */
export class MutationObserver<TInput, TOutput, TError extends RpcError> {
  #run: RunMutation<TInput, TOutput>;
  #callbacks: MutateCallbacks<TInput, TOutput, TError>;
  readonly #listeners = new Set<() => void>();
  #state: MutationState<TOutput, TError> = idle;
  #latest = 0;

  constructor(
    run: RunMutation<TInput, TOutput>,
    callbacks: MutateCallbacks<TInput, TOutput, TError> = {},
  ) {
    this.#run = run;
    this.#callbacks = callbacks;
  }

  /** Replaces the procedure and the callbacks (a component's newest closures). */
  setOptions(
    run: RunMutation<TInput, TOutput>,
    callbacks: MutateCallbacks<TInput, TOutput, TError>,
  ): void {
    this.#run = run;
    this.#callbacks = callbacks;
  }

  /** Listens for changes of the state. */
  readonly subscribe = (onChange: () => void): (() => void) => {
    this.#listeners.add(onChange);
    return () => this.#listeners.delete(onChange);
  };

  /** The current state; the same object until something changes. */
  readonly getSnapshot = (): MutationState<TOutput, TError> => this.#state;

  /** The state for server rendering and hydration. */
  readonly getServerSnapshot = (): MutationState<TOutput, TError> => idle;

  /** Runs the mutation; resolves with its result or rejects with its typed error. */
  readonly mutateAsync = async (
    input: TInput,
    callbacks: MutateCallbacks<TInput, TOutput, TError> = {},
  ): Promise<TOutput> => {
    const call = ++this.#latest;
    const shared = this.#callbacks;
    this.#setState(call, { status: 'pending', data: undefined, error: undefined });
    let data: TOutput;
    try {
      data = await this.#run(input);
    } catch (thrown) {
      const error = toRpcError(thrown) as TError;
      this.#setState(call, { status: 'error', data: undefined, error });
      for (const each of [shared, callbacks]) {
        safely(() => each.onError?.(error, input));
        safely(() => each.onSettled?.(undefined, error, input));
      }
      throw error;
    }
    this.#setState(call, { status: 'success', data, error: undefined });
    for (const each of [shared, callbacks]) {
      safely(() => each.onSuccess?.(data, input));
      safely(() => each.onSettled?.(data, undefined, input));
    }
    return data;
  };

  /** Runs the mutation without a promise to handle: the outcome lands in the state and callbacks. */
  readonly mutate = (
    input: TInput,
    callbacks: MutateCallbacks<TInput, TOutput, TError> = {},
  ): void => {
    this.mutateAsync(input, callbacks).catch(() => {
      // Reported through the state and the callbacks.
    });
  };

  /** Back to `idle`; a call still in flight no longer changes the state. */
  readonly reset = (): void => {
    this.#setState(++this.#latest, idle);
  };

  #setState(call: number, state: MutationState<TOutput, TError>): void {
    if (call !== this.#latest) return;
    this.#state = state;
    for (const listener of [...this.#listeners]) listener();
  }
}
