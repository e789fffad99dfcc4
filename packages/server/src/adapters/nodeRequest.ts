import type { IncomingMessage } from 'node:http';
import { type ConnectionRequest, describeRequest } from '../request.js';

/**
 * The parts of Node's request the server reads. Structural, so code that hands `server.accept` a
 * stand-in for an `IncomingMessage` (tests, other Node frameworks) keeps working.
 */
export type NodeRequestLike = Pick<IncomingMessage, 'headers'> & {
  readonly url?: string | undefined;
  readonly socket?: { readonly remoteAddress?: string | undefined } | undefined;
};

/** Describes a Node upgrade request to the connection core, the original kept as `raw`. */
export function describeNodeRequest(request: NodeRequestLike): ConnectionRequest {
  return describeRequest({
    url: request.url,
    headers: request.headers,
    remoteAddress: request.socket?.remoteAddress,
    raw: request,
  });
}
