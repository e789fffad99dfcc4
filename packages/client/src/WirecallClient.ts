import { ClientRuntime } from './ClientRuntime.js';
import type { ClientEvents, ClientSettings, ClientStats } from './clientSettings.js';
import type { ConnectionState } from './connection/connectionState.js';

export type { ClientEvents, ClientSettings, ClientStats };

/** Set once by the class below: the runtime behind a client, for the typed handles. */
let runtimeOfClient: (client: WirecallClient) => ClientRuntime;

/**
 * The connection and operations behind a typed client: owns the one WebSocket all calls and
 * subscriptions share, and carries them across reconnects. The typed procedure handles of
 * `createClient` sit on top of it; every other member is one of the controls below, so a
 * contract can name its procedures anything else.
 */
export class WirecallClient {
  readonly #runtime: ClientRuntime;

  static {
    runtimeOfClient = (client) => client.#runtime;
  }

  /** @internal Use `createClient`. */
  constructor(settings: ClientSettings) {
    this.#runtime = new ClientRuntime(settings);
  }

  /** Where the connection is: `idle`, `connecting`, `open`, `reconnecting` or `closed`. */
  get state(): ConnectionState {
    return this.#runtime.connection.state;
  }

  /** Live counts of what the client holds, for monitoring and tests. */
  stats(): ClientStats {
    return this.#runtime.stats();
  }

  /** Listens to a client event. Returns a function that stops listening. */
  on<TEvent extends keyof ClientEvents>(
    event: TEvent,
    listener: (...args: ClientEvents[TEvent]) => void,
  ): () => void {
    this.#runtime.events.on(event, listener as never);
    return () => this.#runtime.events.off(event, listener as never);
  }

  /** Stops listening to a client event. */
  off<TEvent extends keyof ClientEvents>(
    event: TEvent,
    listener: (...args: ClientEvents[TEvent]) => void,
  ): void {
    this.#runtime.events.off(event, listener as never);
  }

  /** Opens the connection now (in lazy mode, or after the client went idle). */
  connect(): void {
    this.#runtime.connection.connect();
  }

  /**
   * Closes the connection for good: pending calls reject and subscriptions end with
   * `CONNECTION_CLOSED`; later calls reject at once.
   */
  close(): void {
    this.#runtime.close();
  }
}

/** The runtime behind a client: how the typed handles of `createClient` run their operations. */
export function runtimeOf(client: WirecallClient): ClientRuntime {
  return runtimeOfClient(client);
}
