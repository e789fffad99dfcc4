/**
 * What a connection is told of the request that opened it, whatever the runtime: Node's
 * `IncomingMessage` and a WHATWG `Request` both reduce to it in their adapters, so the connection
 * core and the server's `context` option never depend on one of them.
 */
export interface ConnectionRequest {
  /**
   * The request target: path and query as the client sent them (`/rpc?room=7`) from Node's
   * adapters, or the whole URL from fetch-style runtimes. Parse it with
   * `new URL(request.url, 'http://localhost')`.
   */
  readonly url: string;
  /**
   * Header values by lower-case name. A header sent more than once has its values joined with
   * `, ` (as Node and WHATWG `Headers` do), so every value is one string.
   */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The peer's IP address, when the transport knows it (behind a proxy: the proxy's). */
  readonly remoteAddress: string | undefined;
  /**
   * `remoteAddress` where Node's `IncomingMessage` has it, for `context` functions written
   * against it. @deprecated Use `remoteAddress`.
   */
  readonly socket: { readonly remoteAddress: string | undefined };
  /**
   * The runtime's own request, for what this description leaves out: Node's `IncomingMessage`
   * under the `ws` and `node:http` adapters; undefined where an adapter has none to give.
   */
  readonly raw: unknown;
  /** One header by name, in any case, as WHATWG `Headers.get` finds it (undefined when absent). */
  header(name: string): string | undefined;
}

/** The parts an adapter knows of a request, from which {@link describeRequest} makes one. */
export interface RequestParts {
  /** @default '/' */
  readonly url?: string | undefined;
  /**
   * Headers by name (any case), values as one string or a list; or anything iterable as
   * `[name, value]` pairs, such as a WHATWG `Headers`. @default none
   */
  readonly headers?:
    | Readonly<Record<string, string | readonly string[] | undefined>>
    | Iterable<readonly [string, string]>
    | undefined;
  /** The peer's IP address, when the transport knows it. @default undefined */
  readonly remoteAddress?: string | undefined;
  /** The runtime's own request object, passed on as `raw`. @default undefined */
  readonly raw?: unknown;
}

/** A prototype method rather than a closure per request: connections hold requests by the thousand. */
class DescribedRequest implements ConnectionRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly remoteAddress: string | undefined;
  readonly raw: unknown;

  constructor(parts: RequestParts) {
    this.url = parts.url ?? '/';
    this.headers = headerRecord(parts.headers);
    this.remoteAddress = parts.remoteAddress;
    this.raw = parts.raw;
  }

  get socket(): { readonly remoteAddress: string | undefined } {
    return { remoteAddress: this.remoteAddress };
  }

  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return typeof value === 'string' ? value : undefined;
  }
}

/**
 * Headers as a record of lower-case names to one string each. A record that is one already
 * (Node's, almost always) is kept rather than copied.
 */
function headerRecord(headers: RequestParts['headers']): Readonly<Record<string, string>> {
  // No prototype: a header named `__proto__` or `constructor` is only a header.
  const record: Record<string, string> = Object.create(null);
  if (headers === undefined) return record;
  if (isPairs(headers)) {
    for (const [name, value] of headers) {
      const key = name.toLowerCase();
      record[key] = key in record ? `${record[key]}, ${value}` : value;
    }
    return record;
  }
  let plain = true;
  for (const name in headers) {
    const value = headers[name];
    if (typeof value !== 'string' || name !== name.toLowerCase()) plain = false;
  }
  if (plain) return headers as Readonly<Record<string, string>>;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    record[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  }
  return record;
}

function isPairs(
  headers: NonNullable<RequestParts['headers']>,
): headers is Iterable<readonly [string, string]> {
  return typeof (headers as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
}

/**
 * Makes a {@link ConnectionRequest} from what an adapter knows: the way adapters for other
 * runtimes describe their requests to `server.accept`.
 * @example
 * server.accept(socket, describeRequest({ url: request.url, headers: request.headers, raw: request }));
 */
export function describeRequest(parts: RequestParts): ConnectionRequest {
  return new DescribedRequest(parts);
}

/** Whether `value` is a {@link ConnectionRequest} rather than a runtime's own request. */
export function isConnectionRequest(value: unknown): value is ConnectionRequest {
  return value instanceof DescribedRequest;
}
