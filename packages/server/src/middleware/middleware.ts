import type { AnyProcedure } from '@wirecall/core';
import type { RequestContext } from '../handlerContext.js';

/** The kind of procedure a middleware runs for. */
export type ProcedureKind = 'query' | 'mutation' | 'subscription' | 'presence';

/** What a middleware knows of the connection a call or subscription came on. */
export interface MiddlewareConnection {
  /** Unique to the connection within this server process: the default rate-limit bucket. */
  readonly id: string;
  /** The client's session id from its `hello`; undefined if it sent none. */
  readonly session: string | undefined;
  /** The connection's user, as the server's `identity` option derived it; undefined without one. */
  readonly identity: string | undefined;
}

/**
 * What `next()` resolves to, and what a middleware returns: it carries the context the middleware
 * added, in its type only, so the handlers below see those fields typed. Only `next()` makes one.
 */
export interface MiddlewareResult<TAdded extends object> {
  /** Type only: the context this middleware adds. Never set at runtime. */
  readonly '~added'?: TAdded;
}

/**
 * Runs what comes after this middleware (the next middleware, then the handler). Called without
 * arguments it passes the context on unchanged; `next({ ctx })` adds the fields of `ctx` to it
 * for everything below. Call it at most once; its promise rejects with what the handler threw.
 * For a subscription it settles when the handler has started its stream.
 */
export interface MiddlewareNext {
  (): Promise<MiddlewareResult<object>>;
  <TAdded extends object>(options: { readonly ctx: TAdded }): Promise<MiddlewareResult<TAdded>>;
}

/** What a middleware receives for each call and subscription start it runs for. */
export interface MiddlewareOptions<TNeeds extends object, TInput> {
  /** Dotted path of the procedure, e.g. `chat.send`. */
  readonly path: string;
  /** Whether it is a query, a mutation or a subscription. */
  readonly kind: ProcedureKind;
  /** The input, after the contract's schema validated (and transformed) it. */
  readonly input: TInput;
  /** The request's `ctx`: the connection's context, what earlier middleware added, `signal`, `error`. */
  readonly ctx: TNeeds & RequestContext<AnyProcedure>;
  /** The connection the request came on. */
  readonly connection: MiddlewareConnection;
  /** Runs the rest of the chain and the handler; return what it resolves to. */
  readonly next: MiddlewareNext;
}

/**
 * Code that runs around handlers: sees the path, kind, validated input, connection and context;
 * may add to the context (`next({ ctx })`), refuse by throwing an `RpcError`, or run code after
 * `await next()`. Make one with {@link middleware}.
 */
export type Middleware<TNeeds extends object, TAdded extends object, TInput = unknown> = (
  options: MiddlewareOptions<TNeeds, TInput>,
) => MiddlewareResult<TAdded> | PromiseLike<MiddlewareResult<TAdded>>;

/**
 * Any middleware, whatever it needs and adds: `never` for what it takes, so every middleware's
 * parameters accept it (parameters are contravariant); the chain calls it through
 * {@link Middleware} with the request's real options.
 */
export type AnyMiddleware = Middleware<never, object, never>;

/** A middleware that runs only for the procedures at or under `path`. Made by {@link scoped}. */
export interface ScopedMiddleware<TPath extends string, TMiddleware extends AnyMiddleware> {
  readonly path: TPath;
  readonly middleware: TMiddleware;
}

/** One entry of the server's `middleware` option: for every procedure, or {@link scoped}. */
export type MiddlewareEntry = AnyMiddleware | ScopedMiddleware<string, AnyMiddleware>;

/** The context a middleware adds: the union of what its branches pass to `next`. */
export type AddedContextOf<TMiddleware> = TMiddleware extends (options: never) => infer TReturn
  ? AddedOfResult<Awaited<TReturn>>
  : never;

type AddedOfResult<TResult> = TResult extends MiddlewareResult<infer TAdded> ? TAdded : never;

type AddedAt<TEntry, TPath extends string> =
  TEntry extends ScopedMiddleware<infer TScope, infer TMiddleware>
    ? TPath extends TScope | `${TScope}.${string}`
      ? AddedContextOf<TMiddleware>
      : unknown
    : AddedContextOf<TEntry>;

/**
 * The context that the middleware entries add for the procedure at `TPath`: what every entry
 * that applies there adds, in order. Unknown for a middleware list whose entries are not known
 * one by one (a plain array type).
 */
export type MiddlewareContextAt<TEntries, TPath extends string> = TEntries extends readonly [
  infer THead,
  ...infer TRest,
]
  ? AddedAt<THead, TPath> & MiddlewareContextAt<TRest, TPath>
  : unknown;

/** Makes a middleware whose `ctx` is the given context type and whose `input` is `TInput`. */
type MiddlewareMaker<TNeeds extends object, TInput> = <TResult extends MiddlewareResult<object>>(
  fn: (options: MiddlewareOptions<TNeeds, TInput>) => TResult | PromiseLike<TResult>,
) => Middleware<TNeeds, AddedOfResult<TResult>, TInput>;

/**
 * Defines a middleware. Called with the function, its `ctx` is the request's own fields; called
 * with type arguments and no function, it returns a maker for a middleware that needs context
 * fields (`TNeeds`, from the connection's context or an earlier middleware) or works on a typed
 * input (`TInput`: apply it only where the procedures' input has that shape).
 * @example
 * const auth = middleware<{ token: string | undefined }>()(async ({ ctx, next }) => {
 *   const user = await users.byToken(ctx.token);
 *   if (!user) throw new RpcError('UNAUTHORIZED');
 *   return next({ ctx: { user } });
 * });
 * createServer(api, { context, middleware: [auth], handlers });
 */
export function middleware<TNeeds extends object = object, TInput = unknown>(): MiddlewareMaker<
  TNeeds,
  TInput
>;
export function middleware<TResult extends MiddlewareResult<object>>(
  fn: (options: MiddlewareOptions<object, unknown>) => TResult | PromiseLike<TResult>,
): Middleware<object, AddedOfResult<TResult>, unknown>;
export function middleware(
  fn?: Middleware<object, object, unknown>,
):
  | Middleware<object, object, unknown>
  | ((fn: Middleware<object, object, unknown>) => Middleware<object, object, unknown>) {
  const check = (
    given: Middleware<object, object, unknown>,
  ): Middleware<object, object, unknown> => {
    if (typeof given !== 'function') throw new TypeError('middleware() expects a function');
    return given;
  };
  return fn === undefined ? check : check(fn);
}

/**
 * Applies a middleware only to the procedure at `path` or to a namespace and everything under it
 * (`'admin'` covers `admin.ban` and `admin.users.list`, not `administer`). The context it adds is
 * typed in those handlers only.
 * @example
 * middleware: [logCalls, scoped('admin', requireAdmin), scoped('chat.send', rateLimit({ limit: 5, windowMs: 1_000 }))]
 */
export function scoped<const TPath extends string, TMiddleware extends AnyMiddleware>(
  path: TPath,
  middleware: TMiddleware,
): ScopedMiddleware<TPath, TMiddleware> {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError('scoped() expects a procedure path or namespace such as "admin"');
  }
  if (typeof middleware !== 'function') throw new TypeError('scoped() expects a middleware');
  return { path, middleware };
}

/** Whether a middleware entry applies to the procedure at `path`. */
export function appliesTo(entry: MiddlewareEntry, path: string): boolean {
  if (typeof entry === 'function') return true;
  return path === entry.path || path.startsWith(`${entry.path}.`);
}
