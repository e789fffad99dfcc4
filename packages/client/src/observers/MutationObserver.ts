import {
  type AnyCallProcedure,
  type ErrorOf,
  type InputOf,
  type OutputOf,
  toRpcError,
} from '@wirecall/core';
import type { CallHandle } from '../handles.js';
import { safely } from './safely.js';

/** Where a mutation is: `idle` before the first `mutate` (or after `reset`), then `pending`, `success` or `error`. */
export type MutationStatus = 'idle' | 'pending' | 'success' | 'error';

/** The state of a mutation: that of the latest `mutate`. */
export interface MutationState<TOutput, TError> {
  /** Where the latest `mutate` is. */
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

/** The callbacks of a {@link MutationObserver} for the procedure `TProcedure`. */
export type MutationCallbacksOf<TProcedure extends AnyCallProcedure> = MutateCallbacks<
  InputOf<TProcedure>,
  OutputOf<TProcedure>,
  ErrorOf<TProcedure>
>;

type Run = (input: unknown) => Promise<unknown>;

const idle = { status: 'idle', data: undefined, error: undefined } as const;

/**
 * A mutation (or any call) with its state, for any UI library: `subscribe` to hear of changes and
 * `getSnapshot` to read `{ status, data, error }` of the latest `mutate`. Results of earlier calls
 * still reach their own callbacks and promises but no longer change the state.
 * @example
 * const send = new MutationObserver(client.chat.send, { onError: (error) => toast(error.message) });
 * send.subscribe(() => render(send.getSnapshot().status));
 * send.mutate({ room: 'general', text: 'hi' });
 */
export class MutationObserver<TProcedure extends AnyCallProcedure> {
  #run: Run;
  #callbacks: MutationCallbacksOf<TProcedure>;
  readonly #listeners = new Set<() => void>();
  #state: MutationState<OutputOf<TProcedure>, ErrorOf<TProcedure>> = idle;
  #latest = 0;

  /**
   * @param handle - the procedure's handle on a client, e.g. `client.chat.send`.
   * @param callbacks - called for every `mutate`, besides the callbacks of each call.
   */
  constructor(handle: CallHandle<TProcedure>, callbacks: MutationCallbacksOf<TProcedure> = {}) {
    this.#run = handle as unknown as Run;
    this.#callbacks = callbacks;
  }

  /** Replaces the procedure and the callbacks (say, a component's newest closures). */
  setOptions(handle: CallHandle<TProcedure>, callbacks: MutationCallbacksOf<TProcedure>): void {
    this.#run = handle as unknown as Run;
    this.#callbacks = callbacks;
  }

  /** Listens for changes of the state; returns the function that stops listening. */
  readonly subscribe = (onChange: () => void): (() => void) => {
    this.#listeners.add(onChange);
    return () => {
      this.#listeners.delete(onChange);
    };
  };

  /** The current state; the same object until something changes. */
  readonly getSnapshot = (): MutationState<OutputOf<TProcedure>, ErrorOf<TProcedure>> =>
    this.#state;

  /** The state for server rendering and hydration. */
  readonly getServerSnapshot = (): MutationState<OutputOf<TProcedure>, ErrorOf<TProcedure>> => idle;

  /** Runs the mutation; resolves with its result or rejects with its typed error. */
  readonly mutateAsync = async (
    input: InputOf<TProcedure>,
    callbacks: MutationCallbacksOf<TProcedure> = {},
  ): Promise<OutputOf<TProcedure>> => {
    const call = ++this.#latest;
    const shared = this.#callbacks;
    this.#setState(call, { status: 'pending', data: undefined, error: undefined });
    let data: OutputOf<TProcedure>;
    try {
      data = (await this.#run(input)) as OutputOf<TProcedure>;
    } catch (thrown) {
      const error = toRpcError(thrown) as ErrorOf<TProcedure>;
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
    input: InputOf<TProcedure>,
    callbacks: MutationCallbacksOf<TProcedure> = {},
  ): void => {
    this.mutateAsync(input, callbacks).catch(() => {
      // Reported through the state and the callbacks.
    });
  };

  /** Back to `idle`; a call still in flight no longer changes the state. */
  readonly reset = (): void => {
    this.#setState(++this.#latest, idle);
  };

  #setState(call: number, state: MutationState<OutputOf<TProcedure>, ErrorOf<TProcedure>>): void {
    if (call !== this.#latest) return;
    this.#state = state;
    for (const listener of [...this.#listeners]) listener();
  }
}
