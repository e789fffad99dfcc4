/**
 * The few parts of the Workers runtime this package uses, typed structurally: no dependency on
 * `@cloudflare/workers-types` (whose globals clash with DOM's), and a user's own
 * `DurableObjectState`, `WebSocket` and `DurableObjectNamespace` fit them as they are.
 */

/** A WebSocket the Durable Object accepted with `ctx.acceptWebSocket`: it survives hibernation. */
export interface HibernatableWebSocket {
  /** Sends a text or binary message. */
  send(message: string | ArrayBuffer | ArrayBufferView): void;
  /** Starts (or answers) the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Keeps a value with the socket across hibernation (at most 16 KiB once serialized). */
  serializeAttachment(value: unknown): void;
  /** The value last given to `serializeAttachment`, or null. */
  deserializeAttachment(): unknown;
}

/** The storage of a Durable Object, as far as its pub/sub uses it (the KV-style API). */
export interface DurableStorage {
  /** One value by key. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Writes several keys at once (atomically). */
  put<T>(entries: Record<string, T>): Promise<void>;
  /** Keys in order, from `start` (inclusive) to `end` (exclusive), with one prefix. */
  list<T = unknown>(options: {
    prefix?: string;
    start?: string;
    end?: string;
    limit?: number;
  }): Promise<Map<string, T>>;
  /** Deletes keys; resolves with how many there were. */
  delete(keys: string[]): Promise<number>;
  /** Schedules the object's `alarm()` at `scheduledTime` (ms since the epoch). */
  setAlarm(scheduledTime: number): Promise<void>;
  /** When the alarm is set for, or null. */
  getAlarm(): Promise<number | null>;
}

/** A request text and the text the runtime answers it with, without waking the object. */
export interface AutoResponsePair {
  readonly request: string;
  readonly response: string;
}

/** The `ctx` (`state`) a Durable Object is constructed with. */
export interface DurableObjectContext {
  /** The object's id; `name` is set when it was made with `idFromName`. */
  readonly id: {
    /** The id as a hex string. */
    toString(): string;
    readonly name?: string;
  };
  readonly storage: DurableStorage;
  /** Accepts a WebSocket for hibernation, with tags to find it by. */
  acceptWebSocket(ws: HibernatableWebSocket, tags?: string[]): void;
  /** The accepted WebSockets, all or those with `tag`. */
  getWebSockets(tag?: string): HibernatableWebSocket[];
  /** A message the runtime answers itself, without waking the object. */
  setWebSocketAutoResponse(pair?: AutoResponsePair): void;
  /** When the runtime last answered a socket's auto-response request, or null. */
  getWebSocketAutoResponseTimestamp(ws: HibernatableWebSocket): Date | null;
  /** Holds every other event until `callback` settles: for initialisation. */
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
}

/** A stub of a Durable Object: what a Worker sends requests to. */
export interface DurableObjectStubLike {
  /** Sends a request to the object's `fetch`. */
  fetch(request: Request): Promise<Response>;
}

/** A Durable Object namespace binding (`env.ROOMS`), as far as the router uses it. */
export interface DurableObjectNamespaceLike {
  /** The id of the object of this name (the same name always gives the same object). */
  idFromName(name: string): unknown;
  /** A stub of the object with `id`. */
  get(id: never): DurableObjectStubLike;
}

/** The Workers globals this package uses (`WebSocketPair`, `WebSocketRequestResponsePair`). */
interface WorkersGlobals {
  WebSocketPair: new () => { 0: HibernatableWebSocket; 1: HibernatableWebSocket };
  WebSocketRequestResponsePair: new (request: string, response: string) => AutoResponsePair;
}

/** The runtime's globals: only inside workerd. */
export function workersGlobals(): WorkersGlobals {
  const globals = globalThis as unknown as Partial<WorkersGlobals>;
  if (!globals.WebSocketPair || !globals.WebSocketRequestResponsePair) {
    throw new Error('@wirecall/cloudflare runs inside the Workers runtime (workerd) only');
  }
  return globals as WorkersGlobals;
}
