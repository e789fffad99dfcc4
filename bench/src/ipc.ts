import type { Serializable } from 'node:child_process';

/** Either end of a Node IPC link: a forked `ChildProcess` in the parent, `process` in the child. */
export interface Endpoint {
  send?(message: Serializable): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

type Envelope =
  | { readonly kind: 'ready'; readonly id: 0 }
  | {
      readonly kind: 'request';
      readonly id: number;
      readonly method: string;
      readonly args: unknown;
    }
  | { readonly kind: 'response'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'response'; readonly id: number; readonly ok: false; readonly error: string };

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

function isEnvelope(message: unknown): message is Envelope {
  return typeof message === 'object' && message !== null && 'kind' in message && 'id' in message;
}

/**
 * Request/response over a process's IPC link, in both directions: each side registers handlers by
 * method name and sends requests that time out rather than wait forever.
 */
export class Channel {
  readonly #endpoint: Endpoint;
  readonly #handlers = new Map<string, (args: never) => unknown>();
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closedReason: string | undefined;
  #onReady: (() => void) | undefined;
  #onNeverReady: ((error: Error) => void) | undefined;
  /** Resolves when the other side has called {@link announceReady}; rejects if it goes away first. */
  readonly ready: Promise<void>;

  constructor(endpoint: Endpoint) {
    this.#endpoint = endpoint;
    this.ready = new Promise((resolve, reject) => {
      this.#onReady = resolve;
      this.#onNeverReady = reject;
    });
    // A side that never waits for `ready` must not see an unhandled rejection.
    this.ready.catch(() => {});
    endpoint.on('message', (message) => {
      if (isEnvelope(message)) this.#onEnvelope(message);
    });
  }

  /** Answers requests for `method`; what `handler` returns or throws goes back to the requester. */
  handle<TArgs>(method: string, handler: (args: TArgs) => unknown): void {
    this.#handlers.set(method, handler as (args: never) => unknown);
  }

  /** Tells the other side that every handler is registered and requests may come. */
  announceReady(): void {
    this.#send({ kind: 'ready', id: 0 });
  }

  /** Sends a request; rejects when the other side throws, goes away or takes longer than `timeoutMs`. */
  request<TResult>(method: string, args: unknown, timeoutMs: number): Promise<TResult> {
    if (this.#closedReason) return Promise.reject(new Error(this.#closedReason));
    const id = this.#nextId++;
    return new Promise<TResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`"${method}" took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.#send({ kind: 'request', id, method, args });
    });
  }

  /** Fails every pending and later request, e.g. because the other process exited. */
  close(reason: string): void {
    this.#closedReason ??= reason;
    this.#onNeverReady?.(new Error(reason));
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new Error(reason));
    }
    this.#pending.clear();
  }

  #send(envelope: Envelope): void {
    try {
      this.#endpoint.send?.(envelope);
    } catch {
      // The other side is gone; its exit is reported through close().
    }
  }

  #onEnvelope(envelope: Envelope): void {
    if (envelope.kind === 'ready') {
      this.#onReady?.();
      return;
    }
    if (envelope.kind === 'response') {
      const pending = this.#pending.get(envelope.id);
      if (!pending) return;
      this.#pending.delete(envelope.id);
      clearTimeout(pending.timer);
      if (envelope.ok) pending.resolve(envelope.value);
      else pending.reject(new Error(envelope.error));
      return;
    }
    const handler = this.#handlers.get(envelope.method);
    const { id } = envelope;
    if (!handler) {
      this.#send({ kind: 'response', id, ok: false, error: `No handler for "${envelope.method}"` });
      return;
    }
    Promise.resolve()
      .then(() => handler(envelope.args as never))
      .then(
        (value) => this.#send({ kind: 'response', id, ok: true, value }),
        (error: unknown) =>
          this.#send({
            kind: 'response',
            id,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  }
}
