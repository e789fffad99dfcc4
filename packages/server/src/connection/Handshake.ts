import { CloseCode, type Frame, type HelloMessage, isRpcError } from '@wirecall/core';
import { canBatch, closeCodeForError } from '@wirecall/core/internal';
import { type ErrorReporter, toWireError } from '../errorBoundary.js';
import type { ConnectionRequest } from '../request.js';
import { atConnectionLimit } from './closeReasons.js';
import { type ConnectionSettings, isAtConnectionLimit } from './connectionSettings.js';
import { identityOf } from './identity.js';
import { dropPrototypeKeys } from './prototypeKeys.js';

/** How a handshake that failed closes its connection. */
export interface HandshakeRefusal {
  readonly code: number;
  readonly reason: string;
}

/**
 * A connection's handshake, from its socket opening to its welcome: holds the request until
 * `hello` comes (holding it longer costs memory per connection), the handshake timeout, and the
 * connection's slot in the server's handshake budget, which it gives back when it ends.
 */
export class Handshake {
  readonly #settings: ConnectionSettings;
  #request: ConnectionRequest | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #slot: string | undefined;
  /** Who the connection's user is, as the `identity` option derived it once the context was built. */
  identity: string | undefined;

  /**
   * @param slot the remote address whose slot in `settings.handshakes` this connection holds.
   * @param onTimeout no `hello` was accepted within the handshake timeout.
   */
  constructor(
    request: ConnectionRequest,
    settings: ConnectionSettings,
    slot: string | undefined,
    onTimeout: () => void,
  ) {
    this.#request = request;
    this.#settings = settings;
    this.#slot = slot;
    this.#timer = setTimeout(onTimeout, settings.limits.handshakeTimeoutMs);
  }

  /**
   * Runs the server's `context` function for the request and the params of `hello`, then hands
   * the context to `accept`, or how to close to `refuse` when it threw.
   */
  begin(
    message: HelloMessage,
    accept: (context: object) => void,
    refuse: (refusal: HandshakeRefusal) => void,
  ): void {
    const request = this.#request as ConnectionRequest;
    this.#request = undefined;
    const { createContext, report } = this.#settings;
    let context: object | PromiseLike<object>;
    try {
      // Untrusted keys that could reach a prototype are gone before the user's code sees them.
      context = createContext({ request, params: dropPrototypeKeys(message.params) });
    } catch (error) {
      refuse(handshakeRefusal(error, report));
      return;
    }
    Promise.resolve(context).then(accept, (error: unknown) =>
      refuse(handshakeRefusal(error, report)),
    );
  }

  /**
   * Why a built context cannot be accepted, if it cannot: it is no object, or the server filled
   * its connection slots meanwhile (authenticated connections are counted apart from
   * handshakes, so the limit is checked again here).
   */
  refusalOf(context: unknown): HandshakeRefusal | undefined {
    if (typeof context !== 'object' || context === null) {
      const error = new Error("The server's context function must return an object");
      return handshakeRefusal(error, this.#settings.report);
    }
    if (isAtConnectionLimit(this.#settings)) {
      return {
        code: CloseCode.TRY_AGAIN_LATER,
        reason: atConnectionLimit,
      };
    }
    try {
      this.identity = identityOf(this.#settings.identify, context);
    } catch (error) {
      return handshakeRefusal(error, this.#settings.report);
    }
    return undefined;
  }

  /** The welcome frame: the server's limits, and whether it takes batches. */
  welcome(): Frame {
    const { codec, limits } = this.#settings;
    const { maxCallsInFlight, maxSubscriptions, maxMessageBytes } = limits;
    return codec.encode({
      type: 'welcome',
      limits: { maxCallsInFlight, maxSubscriptions, maxMessageBytes },
      ...(canBatch(codec) ? { batch: true } : {}),
    });
  }

  /** The handshake is over, one way or the other: its timer stops and its slot is free. */
  end(): void {
    this.#request = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#slot === undefined) return;
    this.#settings.handshakes.release(this.#slot);
    this.#slot = undefined;
  }
}

/**
 * How a connection whose `context` threw closes: 4401 or 4403 for the refusals a `context`
 * means, 4500 (reported, its message never sent) for anything else.
 */
export function handshakeRefusal(error: unknown, report: ErrorReporter): HandshakeRefusal {
  const code = isRpcError(error) ? closeCodeForError(error.code) : undefined;
  if (code !== undefined) return { code, reason: (error as Error).message };
  return {
    code: CloseCode.INTERNAL_ERROR,
    reason: toWireError(error, undefined, undefined, report).message,
  };
}
