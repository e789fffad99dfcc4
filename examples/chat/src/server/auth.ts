import { middleware, RpcError } from '@wirecall/server';

/** Longest name a person may chat as, in characters. */
export const MAX_NAME_LENGTH = 24;

/**
 * Who is asking, for every call, subscription and presence join: the `name` the page sent in its
 * connection params (`createClient(api, { params: { name } })`), trimmed. Without one the
 * request is refused with `UNAUTHORIZED`. A real app would check a session token here instead;
 * the handlers below only ever see `ctx.user`.
 */
export const auth = middleware<{ params: unknown }>()(({ ctx, next }) => {
  const { params } = ctx;
  const raw =
    typeof params === 'object' && params !== null && 'name' in params ? params.name : undefined;
  const user = typeof raw === 'string' ? raw.trim().slice(0, MAX_NAME_LENGTH) : '';
  if (!user) {
    throw new RpcError('UNAUTHORIZED', undefined, {
      message: 'Say who you are: connect with params { name }',
    });
  }
  return next({ ctx: { user } });
});
