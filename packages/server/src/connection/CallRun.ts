import {
  type AnyCallProcedure,
  type CallMessage,
  ErrorCode,
  type OperationId,
  RpcError,
} from '@wirecall/core';
import {
  formatIssues,
  isPromiseLike,
  type ValidationResult,
  validate,
} from '@wirecall/core/internal';
import type { MutationOutcome } from '../dedupe/dedupeStore.js';
import { contractBreach, toWireError } from '../errorBoundary.js';
import { invokeHandler } from '../middleware/middlewareChain.js';
import type { Route } from '../routes.js';
import type { LazyAbortController } from './lazyAbortController.js';
import type { OperationHost } from './operationHost.js';
import { createRequestContext, type LiveHooks } from './requestContext.js';

/** A call's outcome, without a promise when everything on its way was synchronous. */
type MaybePromise<T> = T | Promise<T>;

/**
 * One call on its way through input validation, its handler and output validation. Each step
 * waits only when it has to: a synchronous handler with synchronous schemas is answered in the
 * same turn, without the promises and microtasks an `async` function costs on every step. Steps
 * are methods, so the synchronous way makes no closures either.
 */
export class CallRun implements LiveHooks {
  readonly #host: OperationHost;
  readonly #route: Route;
  readonly #abort: LazyAbortController;
  /** The number of the last invalidation the handler made, for read-your-own-writes. */
  invalidated: number | undefined;
  /** The call's id, for the host's `callAdmitted`. */
  #id: OperationId = 0;

  constructor(host: OperationHost, route: Route, abort: LazyAbortController) {
    this.#host = host;
    this.#route = route;
    this.#abort = abort;
  }

  /** `ctx.invalidate` of this call's handler: as everywhere, and remembered for the answer. */
  invalidate(tags: readonly string[]): Promise<void> {
    const { live } = this.#host;
    const done = live.invalidate(tags);
    if (tags.length > 0) this.invalidated = live.sequence;
    return done;
  }

  /**
   * Validates the input, runs the handler and validates its output: the call's outcome. With the
   * server's telemetry, all of it runs in the call's span, which ends with the outcome.
   */
  execute(message: CallMessage): MaybePromise<MutationOutcome> {
    this.#id = message.id;
    const telemetry = this.#host.telemetry;
    if (telemetry === undefined) return this.#attempt(this.#validateInput, message.input);
    const { path, procedure } = this.#route;
    const span = telemetry.start({
      path,
      kind: procedure.kind as 'query' | 'mutation',
      trace: message.trace,
    });
    const outcome = span.run(() => this.#attempt(this.#validateInput, message.input));
    if (!(outcome instanceof Promise)) {
      span.end(outcome.ok ? undefined : outcome.error);
      return outcome;
    }
    return outcome.then((settled) => {
      span.end(settled.ok ? undefined : settled.error);
      return settled;
    });
  }

  #validateInput(input: unknown): MaybePromise<MutationOutcome> {
    return this.#then(validate(this.#procedure.input, input), this.#runHandler);
  }

  #runHandler(parsed: ValidationResult<unknown>): MaybePromise<MutationOutcome> {
    const route = this.#route;
    if (!parsed.ok) {
      throw new RpcError(
        ErrorCode.BAD_INPUT,
        { issues: parsed.issues },
        { message: `Invalid input for "${route.path}": ${formatIssues(parsed.issues)}` },
      );
    }
    const ctx = createRequestContext(this.#host.context, {
      path: route.path,
      abort: this.#abort,
      pubsub: this.#host.pubsub,
      live: this,
    });
    const { callAdmitted } = this.#host;
    const admitted = callAdmitted && (() => callAdmitted(this.#id));
    return this.#then(
      invokeHandler(route, parsed.value, ctx, this.#host, admitted),
      this.#validateOutput,
    );
  }

  #validateOutput(output: unknown): MaybePromise<MutationOutcome> {
    if (!this.#host.validateOutput) return { ok: true, output };
    return this.#then(validate(this.#procedure.output, output), this.#checkedOutput);
  }

  #checkedOutput(checked: ValidationResult<unknown>): MutationOutcome {
    if (checked.ok) return { ok: true, output: checked.value };
    // The handler broke the contract: a bug of the server, reported and sent as INTERNAL.
    throw contractBreach('Output', this.#route.path, checked.issues);
  }

  get #procedure(): AnyCallProcedure {
    return this.#route.procedure as AnyCallProcedure;
  }

  /** Runs `step` on `value` now, or once it has resolved. */
  #then<T>(
    value: T | PromiseLike<T>,
    step: (this: CallRun, value: T) => MaybePromise<MutationOutcome>,
  ): MaybePromise<MutationOutcome> {
    if (!isPromiseLike(value)) return this.#attempt(step, value);
    return Promise.resolve(value).then(
      (settled) => this.#attempt(step, settled),
      (thrown: unknown) => this.#failure(thrown),
    );
  }

  /** Runs one step; whatever it throws becomes the call's failure. */
  #attempt<T>(
    step: (this: CallRun, value: T) => MaybePromise<MutationOutcome>,
    value: T,
  ): MaybePromise<MutationOutcome> {
    try {
      return step.call(this, value);
    } catch (thrown) {
      return this.#failure(thrown);
    }
  }

  /** The outcome of a call that threw `thrown` (or was cancelled meanwhile). */
  #failure(thrown: unknown): MutationOutcome {
    // A cancelled call's error is never sent; do not report it as unexpected either.
    if (this.#abort.aborted) {
      return { ok: false, error: new RpcError(ErrorCode.CANCELLED).toJSON() };
    }
    const { procedure, path } = this.#route;
    return { ok: false, error: toWireError(thrown, procedure, path, this.#host.report) };
  }
}
