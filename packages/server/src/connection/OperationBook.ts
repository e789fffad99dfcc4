import {
  type CallMessage,
  ErrorCode,
  type OperationId,
  RpcError,
  type SubscribeMessage,
} from '@wirecall/core';
import { SubscriptionFlow } from '../flow/subscriptionFlow.js';
import type { ServerLimits } from '../limits.js';
import { watchRouteOf } from '../live/liveRoute.js';
import type { PresenceRooms } from '../presence/PresenceRooms.js';
import { presenceRoute } from '../presence/presenceRoutes.js';
import type { Route } from '../routes.js';
import { LazyAbortController } from './lazyAbortController.js';
import type { OperationHost } from './operationHost.js';
import { dedupeKeyOf, runCall } from './runCall.js';
import { runSubscription } from './runSubscription.js';

interface RunningOperation {
  readonly kind: 'call' | 'subscription';
  readonly controller: LazyAbortController;
  /**
   * A mutation with an idempotency key: a disconnect does not abort it, because the client will
   * re-send it and must be answered with its outcome.
   */
  readonly keyed: boolean;
  /** A subscription's credit, when its client does flow control. */
  readonly flow: SubscriptionFlow | undefined;
}

/** What the book needs of its connection's settings. */
export interface OperationBookSettings {
  readonly routes: ReadonlyMap<string, Route>;
  readonly limits: Pick<ServerLimits, 'maxCallsInFlight' | 'maxSubscriptions'>;
  /** The server's presence rooms. */
  readonly presence?: PresenceRooms | undefined;
}

/**
 * The calls and subscriptions one connection runs: starts them within the connection's limits,
 * answers unknown paths, keeps each until it settles, and stops them on request or on close.
 */
export class OperationBook {
  readonly #host: OperationHost;
  readonly #settings: OperationBookSettings;
  readonly #onForget: () => void;
  readonly #operations = new Map<OperationId, RunningOperation>();
  #calls = 0;

  /** @param onForget an operation left the book (it settled or was stopped). */
  constructor(host: OperationHost, settings: OperationBookSettings, onForget: () => void) {
    this.#host = host;
    this.#settings = settings;
    this.#onForget = onForget;
  }

  /** How many operations are running. */
  get size(): number {
    return this.#operations.size;
  }

  /** How many of them are calls. */
  get calls(): number {
    return this.#calls;
  }

  /** The most events one of its subscriptions holds for the client (see `ServerStats.backlog`). */
  maxBacklog(): number {
    let most = 0;
    for (const operation of this.#operations.values()) {
      if (operation.flow) most = Math.max(most, operation.flow.backlog());
    }
    return most;
  }

  /** Whether an operation with this id is running. */
  has(id: OperationId): boolean {
    return this.#operations.has(id);
  }

  /** The error for an operation that would exceed the connection's limits, if it would. */
  #refusal(type: 'call' | 'subscribe'): RpcError | undefined {
    const { maxCallsInFlight, maxSubscriptions } = this.#settings.limits;
    if (type === 'call' && this.#calls >= maxCallsInFlight) {
      return new RpcError(
        ErrorCode.BACKPRESSURE,
        { retryAfterMs: undefined },
        { message: `More than ${maxCallsInFlight} calls in flight on one connection` },
      );
    }
    if (type === 'subscribe' && this.#operations.size - this.#calls >= maxSubscriptions) {
      return new RpcError(
        ErrorCode.LIMIT_EXCEEDED,
        { limit: 'maxSubscriptions', max: maxSubscriptions },
        { message: `More than ${maxSubscriptions} subscriptions on one connection` },
      );
    }
    return undefined;
  }

  /**
   * Starts a call or subscription. One beyond the connection's limits is answered with
   * `BACKPRESSURE` or `LIMIT_EXCEEDED`, one whose path names no such procedure with `NOT_FOUND`.
   */
  start(message: CallMessage | SubscribeMessage): void {
    const host = this.#host;
    const refusal = this.#refusal(message.type);
    if (refusal) {
      host.send({ type: 'error', id: message.id, error: refusal.toJSON() });
      return;
    }
    const wantsSubscription = message.type === 'subscribe';
    let route = this.#settings.routes.get(message.path);
    // A presence rides on a subscription (join) and calls (updates): see presence/presenceRoutes.ts.
    if (route?.procedure.kind === 'presence' && this.#settings.presence)
      route = presenceRoute(this.#settings.presence, route, host, wantsSubscription);
    // A `subscribe` naming a query watches it: a live query.
    const watchesQuery = wantsSubscription && route?.procedure.kind === 'query';
    if (
      !route ||
      (!watchesQuery && (route.procedure.kind === 'subscription') !== wantsSubscription)
    ) {
      const what = wantsSubscription ? 'subscription or query' : 'query or mutation';
      host.send({
        type: 'error',
        id: message.id,
        error: new RpcError(ErrorCode.NOT_FOUND, undefined, {
          message: `No ${what} named "${message.path.slice(0, 256)}"`,
        }).toJSON(),
      });
      return;
    }
    const controller = new LazyAbortController();
    const flow = message.type === 'subscribe' ? new SubscriptionFlow(message.credit) : undefined;
    const key = message.type === 'call' ? dedupeKeyOf(host, route, message) : undefined;
    const operation: RunningOperation = {
      kind: wantsSubscription ? 'subscription' : 'call',
      controller,
      keyed: key !== undefined,
      flow,
    };
    this.#operations.set(message.id, operation);
    if (operation.kind === 'call') this.#calls++;
    const run =
      message.type === 'subscribe'
        ? runSubscription(
            host,
            watchesQuery ? watchRouteOf(route, host.live, host) : route,
            message,
            controller.signal,
            flow as SubscriptionFlow,
          )
        : runCall(host, route, message, controller, key);
    // A call that finished synchronously has been answered already.
    if (!run) {
      this.#forget(message.id, operation);
      return;
    }
    // One `then` rather than `catch().finally()`: two promises and closures fewer per call.
    const done = () => this.#forget(message.id, operation);
    run.then(done, (error: unknown) => {
      host.report(error, { path: route.path });
      done();
    });
  }

  /** Grants a subscription credit; a grant may cross the subscription's end and is then ignored. */
  grant(id: OperationId, credit: number): void {
    this.#operations.get(id)?.flow?.grant(credit);
  }

  /** Stops an operation the client cancelled; it may have settled already (the cancel crossed it). */
  stop(id: OperationId): void {
    const operation = this.#operations.get(id);
    if (!operation) return;
    this.#forget(id, operation);
    operation.controller.abort(new RpcError(ErrorCode.CANCELLED));
  }

  /**
   * The connection closed: aborts everything, except keyed mutations, which run on so their
   * outcome reaches the dedupe store for the client's retry, unless `stopAll` (server shutdown).
   */
  closeAll(stopAll: boolean): void {
    const reason = new RpcError(ErrorCode.CONNECTION_CLOSED);
    const operations = [...this.#operations.values()];
    this.#operations.clear();
    this.#calls = 0;
    for (const operation of operations) {
      if (!operation.keyed || stopAll) operation.controller.abort(reason);
    }
  }

  /** Removes a settled or stopped operation from the book. */
  #forget(id: OperationId, operation: RunningOperation): void {
    if (this.#operations.get(id) !== operation) return;
    this.#operations.delete(id);
    if (operation.kind === 'call') this.#calls--;
    this.#onForget();
  }
}
