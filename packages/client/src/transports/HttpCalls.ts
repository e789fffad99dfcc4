import { type ClientMessage, CloseCode } from '@wirecall/core';
import { readLines } from './httpBody.js';
import { closeCodeForStatus, errorOfResponse } from './httpClose.js';

/** A WHATWG `fetch` function: the global one, or one that routes into `server.fetch`. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** What {@link HttpCalls} needs from the socket it serves. */
export interface HttpCallsSink {
  readonly url: string;
  readonly fetch: FetchFunction;
  /** The headers of every request (protocol, session, params): known once `hello` is sent. */
  headers(): Record<string, string>;
  /** Hands one answer (a `result` or `error` message) to the connection. */
  deliver(data: string): void;
  /** Ends the connection: answers were lost, or the server refused who the client is. */
  end(code: number, reason: string): void;
  /** Whether the connection is still open. */
  open(): boolean;
}

/** One request of calls still being answered. */
interface CallRequest {
  readonly ids: Set<number>;
  readonly abort: AbortController;
}

/** How often a call may come back unanswered from a response the server ended on time. */
const MAX_CUTS = 100;

/**
 * The calls in flight over HTTP: a POST per turn answered as NDJSON, a GET per safe query, and
 * what happens when answers do not come (docs/protocol.md, "HTTP and Server-Sent Events").
 */
export class HttpCalls {
  readonly #sink: HttpCallsSink;
  readonly #requests = new Set<CallRequest>();

  constructor(sink: HttpCallsSink) {
    this.#sink = sink;
  }

  /** POSTs the calls of one turn; answers are delivered as they come. */
  async post(calls: readonly ClientMessage[], cuts = 0): Promise<void> {
    const request = this.#start(calls.map((call) => (call as { id: number }).id));
    let ended = false;
    try {
      const response = await this.#sink.fetch(this.#sink.url, {
        method: 'POST',
        headers: { ...this.#sink.headers(), 'content-type': 'application/json' },
        body: JSON.stringify(calls),
        signal: request.abort.signal,
      });
      if (!response.ok) {
        await this.#refused(response, request.ids);
        return;
      }
      await readLines(response, (line) => {
        const { id } = JSON.parse(line) as { id?: number };
        if (typeof id === 'number' && request.ids.delete(id)) this.#sink.deliver(line);
      });
      ended = true;
    } catch {
      if (request.abort.signal.aborted) return;
    } finally {
      this.#requests.delete(request);
    }
    if (request.ids.size === 0) return;
    // A response the server ended whole (its maxDurationMs) before some answers: those calls go
    // again as they were, mutations with their keys, which the dedupe store answers once.
    if (ended && cuts < MAX_CUTS && this.#sink.open()) {
      const cut = calls.filter((call) => request.ids.has((call as { id: number }).id));
      void this.post(cut, cuts + 1);
      return;
    }
    // Answers lost with the connection: reconnect, so the calls are re-sent (under their keys).
    this.#sink.end(CloseCode.ABNORMAL, 'An answer was lost');
  }

  /**
   * A safe query as a GET of `url`: its answer is the `result` or `error` message itself
   * (whatever the status, which is for HTTP caches), under the server's fixed id, delivered
   * under the call's.
   */
  async get(id: number, url: string): Promise<void> {
    const request = this.#start([id]);
    try {
      const response = await this.#sink.fetch(url, {
        method: 'GET',
        headers: this.#sink.headers(),
        signal: request.abort.signal,
      });
      const text = await response.text();
      const answer = parseAnswer(text);
      if (answer === undefined) {
        await this.#refused(new Response(text, { status: response.status }), request.ids);
      } else if (request.ids.delete(id)) {
        this.#sink.deliver(JSON.stringify({ ...answer, id }));
      }
    } catch {
      if (request.abort.signal.aborted) return;
    } finally {
      this.#requests.delete(request);
    }
    if (request.ids.size > 0) this.#sink.end(CloseCode.ABNORMAL, 'An answer was lost');
  }

  /** A call abandoned by the client: its request is aborted once it has no other call. */
  cancel(id: number): void {
    for (const request of this.#requests) {
      if (!request.ids.delete(id)) continue;
      if (request.ids.size === 0) {
        this.#requests.delete(request);
        request.abort.abort();
      }
      return;
    }
  }

  /** Aborts every request (the connection ended). */
  abortAll(): void {
    for (const request of this.#requests) request.abort.abort();
    this.#requests.clear();
  }

  #start(ids: readonly number[]): CallRequest {
    const request: CallRequest = { ids: new Set(ids), abort: new AbortController() };
    this.#requests.add(request);
    return request;
  }

  /** A refused call request: auth refusals end the connection, others fail just these calls. */
  async #refused(response: Response, ids: Set<number>): Promise<void> {
    const error = await errorOfResponse(response);
    const code = closeCodeForStatus(response.status);
    if (code === CloseCode.UNAUTHORIZED || code === CloseCode.FORBIDDEN) {
      this.#sink.end(code, error.message);
      return;
    }
    for (const id of ids) this.#sink.deliver(JSON.stringify({ type: 'error', id, error }));
    ids.clear();
  }
}

/** The `result` or `error` message a GET's body holds, or undefined for anything else. */
function parseAnswer(text: string): { readonly type: string } | undefined {
  try {
    const message = JSON.parse(text) as { type?: unknown } | null;
    return message !== null && (message.type === 'result' || message.type === 'error')
      ? (message as { type: string })
      : undefined;
  } catch {
    return undefined;
  }
}
