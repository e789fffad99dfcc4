import type { AnyProcedure } from '@wirecall/core';
import { isPrototypeKey } from '../connection/prototypeKeys.js';
import {
  type AnyMiddleware,
  appliesTo,
  type Middleware,
  type MiddlewareEntry,
  type MiddlewareOptions,
  type ProcedureKind,
} from './middleware.js';
import { listenForRateLimits, type RateLimitListener } from './rateLimitNotice.js';

/** What a chain runs around: a procedure and its handler (a server's route). */
export interface ChainTarget {
  readonly path: string;
  readonly procedure: AnyProcedure;
  readonly handler: (input: unknown, ctx: never) => unknown;
  /** The middleware around the handler; none if none applies. */
  readonly middleware?: MiddlewareChain | undefined;
}

/** What a chain needs of the connection a request came on. */
export interface ChainHost extends RateLimitListener {
  readonly session: string | undefined;
  readonly identity: string | undefined;
}

/** Fields of `ctx` that wirecall sets: a middleware may not replace them. */
const REQUEST_FIELDS = new Set<PropertyKey>([
  'signal',
  'pubsub',
  'error',
  'path',
  'queue',
  'lastEventId',
]);

/** Ids of connections, made when a middleware first sees one; gone with the connection. */
const connectionIds = new WeakMap<object, string>();
let lastConnectionId = 0;

function connectionId(host: object): string {
  let id = connectionIds.get(host);
  if (id === undefined) {
    id = `c${++lastConnectionId}`;
    connectionIds.set(host, id);
  }
  return id;
}

/** What `next()` resolves to at runtime: the handler's output, carried up the chain. */
class ChainResult {
  readonly output: unknown;
  constructor(output: unknown) {
    this.output = output;
  }
}

/** Adds a middleware's fields to `ctx`, refusing those that would break the request's own. */
function extend(ctx: Record<PropertyKey, unknown>, added: unknown, path: string): void {
  if (typeof added !== 'object' || added === null) {
    throw new TypeError(`A middleware of "${path}" passed next() a ctx that is not an object`);
  }
  for (const key of Reflect.ownKeys(added)) {
    if (REQUEST_FIELDS.has(key) || isPrototypeKey(key)) {
      throw new TypeError(`A middleware of "${path}" may not set ctx.${String(key)}`);
    }
    ctx[key] = (added as Record<PropertyKey, unknown>)[key];
  }
}

/**
 * The middleware of one procedure, in the order given, around its handler. Runs each with the
 * request, lets it extend `ctx`, and resolves with the handler's output (for a subscription, the
 * stream it returned). Whatever a middleware throws is the request's failure, turned into what
 * the client sees by the same boundary as a handler's errors.
 */
export class MiddlewareChain {
  readonly #chain: readonly AnyMiddleware[];
  readonly #route: ChainTarget;

  constructor(route: ChainTarget, chain: readonly AnyMiddleware[]) {
    this.#route = route;
    this.#chain = chain;
  }

  /** Runs the chain and the handler for one request. */
  run(input: unknown, ctx: object, host: ChainHost, admitted?: () => void): Promise<unknown> {
    const connection = { id: connectionId(host), session: host.session, identity: host.identity };
    if (host.rateLimited) listenForRateLimits(connection, host);
    return this.#step(0, input, ctx as Record<PropertyKey, unknown>, connection, admitted).then(
      (result) => result.output,
    );
  }

  async #step(
    index: number,
    input: unknown,
    ctx: Record<PropertyKey, unknown>,
    connection: MiddlewareOptions<object, unknown>['connection'],
    admitted: (() => void) | undefined,
  ): Promise<ChainResult> {
    const route = this.#route;
    if (index === this.#chain.length) {
      admitted?.();
      return new ChainResult(await route.handler(input, ctx as never));
    }
    let called = false;
    const next = (options?: { readonly ctx: object }): Promise<ChainResult> => {
      if (called) {
        return Promise.reject(new Error(`A middleware of "${route.path}" called next() twice`));
      }
      called = true;
      try {
        if (options !== undefined) extend(ctx, options.ctx, route.path);
      } catch (error) {
        return Promise.reject(error);
      }
      return this.#step(index + 1, input, ctx, connection, admitted);
    };
    const middleware = this.#chain[index] as unknown as Middleware<object, object, unknown>;
    const result: unknown = await middleware({
      path: route.path,
      kind: route.procedure.kind as ProcedureKind,
      input,
      ctx: ctx as never,
      connection,
      next: next as never,
    });
    if (!(result instanceof ChainResult)) {
      // Without the handler's output there is nothing to answer with: a bug of the server.
      throw new Error(`A middleware of "${route.path}" returned without the result of next()`);
    }
    return result;
  }
}

/** The chain of a route: the entries that apply to its path, or none. */
export function chainFor(
  route: ChainTarget,
  entries: readonly MiddlewareEntry[],
): MiddlewareChain | undefined {
  const chain = entries
    .filter((entry) => appliesTo(entry, route.path))
    .map((entry) => (typeof entry === 'function' ? entry : entry.middleware));
  return chain.length === 0 ? undefined : new MiddlewareChain(route, chain);
}

/**
 * Calls a route's handler, through its middleware when it has any: the one point where calls and
 * subscription starts meet middleware. Without middleware the handler is called directly, so a
 * synchronous handler still answers in the same turn. `admitted` is called once the middleware
 * let the request through, just before its handler runs.
 */
export function invokeHandler(
  route: ChainTarget,
  input: unknown,
  ctx: object,
  host: ChainHost,
  admitted?: () => void,
): unknown {
  if (route.middleware) return route.middleware.run(input, ctx, host, admitted);
  admitted?.();
  return route.handler(input, ctx as never);
}
