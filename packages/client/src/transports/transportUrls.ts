/** The client's transports: `auto` tries the WebSocket first and falls back to HTTP. */
export type TransportName = 'websocket' | 'http' | 'auto';

/** The `http(s)://` URL of the same endpoint as a `ws(s)://` one (and `http(s)://` as it is). */
export function toHttpUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//i, 'http$1://');
}

/** The `ws(s)://` URL of the same endpoint as an `http(s)://` one (and `ws(s)://` as it is). */
export function toWebSocketUrl(url: string): string {
  return url.replace(/^http(s?):\/\//i, 'ws$1://');
}

/** Whether `url` is one the client can connect to: `ws(s)://` or `http(s)://`. */
export function isClientUrl(url: unknown): url is string {
  return typeof url === 'string' && /^(wss?|https?):\/\//i.test(url);
}
