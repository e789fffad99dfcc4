import { type ClientMessage, MAX_GET_URL_LENGTH } from '@wirecall/core';

/**
 * The GET URL of a call to a query declared `safe: true` (`?call=<path>&input=<JSON>`, no
 * per-call id, so HTTP caches can share it), or undefined when the call goes as a POST: not a
 * safe query, or a URL longer than `MAX_GET_URL_LENGTH` (proxies and CDNs refuse those).
 * Credentials never go into it: params and session travel in headers.
 */
export function safeQueryUrl(
  base: string,
  message: ClientMessage,
  safeQueries: ReadonlySet<string>,
): string | undefined {
  if (message.type !== 'call' || !safeQueries.has(message.path)) return undefined;
  const url = new URL(base);
  url.searchParams.set('call', message.path);
  if (message.input !== undefined) url.searchParams.set('input', JSON.stringify(message.input));
  const href = url.href;
  return href.length > MAX_GET_URL_LENGTH ? undefined : href;
}
