import { LiveSession } from './LiveSession.js';

/** What the sessions need of a connection: who its client is. */
export interface ClientSessionHost {
  /** The client's session id from its `hello`, the same on all of the client's connections. */
  readonly session?: string | undefined;
  /** The user's identity (the server's `identity` option), when the server has one. */
  readonly identity?: string | undefined;
}

/**
 * Which connections are one client's, for read-your-own-writes: its session id, scoped by the
 * user's identity (when the server has one) as idempotency keys are, so no one reaches another
 * user's live queries by sending their session id.
 */
function clientSessionOf(host: ClientSessionHost): string | undefined {
  if (host.session === undefined) return undefined;
  return JSON.stringify([host.identity ?? null, host.session]);
}

/**
 * The live session of each connection, found by the connection, or by its client's session id:
 * a client's HTTP calls and its event stream are separate connections of one session, and
 * read-your-own-writes holds across them.
 */
export class LiveSessions {
  readonly #current: () => number;
  readonly #byHost = new WeakMap<object, LiveSession>();
  /** The live sessions of each client session id that watch something now. */
  readonly #byClient = new Map<string, Set<LiveSession>>();

  /** @param current the registry's newest invalidation sequence number. */
  constructor(current: () => number) {
    this.#current = current;
  }

  /** The live session of a connection that starts a watch, made on its first. */
  of(host: object & ClientSessionHost): LiveSession {
    const id = clientSessionOf(host);
    let session = this.#byHost.get(host);
    if (!session) {
      const created = new LiveSession(
        this.#current,
        id === undefined ? undefined : () => this.#leave(id, created),
      );
      session = created;
      this.#byHost.set(host, session);
    }
    if (id !== undefined) {
      let sessions = this.#byClient.get(id);
      if (!sessions) {
        sessions = new Set();
        this.#byClient.set(id, sessions);
      }
      sessions.add(session);
    }
    return session;
  }

  /**
   * Resolves with the live version once the live queries of `host`'s connection, and of every
   * connection of its client, reflect invalidation number `sequence`; undefined when none of
   * them watches anything.
   */
  settled(host: object & ClientSessionHost, sequence: number): Promise<number> | undefined {
    const sessions = new Set<LiveSession>();
    const own = this.#byHost.get(host);
    if (own) sessions.add(own);
    const id = clientSessionOf(host);
    if (id !== undefined) for (const session of this.#byClient.get(id) ?? []) sessions.add(session);
    const waits: Promise<number>[] = [];
    for (const session of sessions) {
      const settled = session.settled(sequence);
      if (settled) waits.push(settled);
    }
    if (waits.length === 0) return undefined;
    return Promise.all(waits).then((versions) => Math.max(...versions));
  }

  /** A live session watches nothing any more: its client's session id need not find it. */
  #leave(id: string, session: LiveSession): void {
    const sessions = this.#byClient.get(id);
    if (!sessions) return;
    sessions.delete(session);
    if (sessions.size === 0) this.#byClient.delete(id);
  }
}
