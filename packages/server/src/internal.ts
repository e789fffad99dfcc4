/**
 * What the server shares with its sibling packages (the Cloudflare Durable Object adapter) and
 * users do not need: the transport-agnostic hub, the fetch handler and route resolution, none of
 * which imports a Node module. Not a stable API: it may change in any release, in step with the
 * sibling packages of the same version.
 * @internal
 * @module
 */

export { HttpHandler, type HttpRequestInfo } from './http/HttpHandler.js';
export { ConnectionHub } from './hub/ConnectionHub.js';
export { isOriginAllowed } from './origin.js';
export { describeRequest } from './request.js';
export type { Route } from './routes.js';
export { resolveRoutes } from './routes.js';
export { isTracked, tracked } from './tracked.js';
