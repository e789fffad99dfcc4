import type { QueryDefinition } from '@wirecall/core';
import { stableText } from '@wirecall/core/internal';
import type { LiveHooks } from '../connection/requestContext.js';
import type { ErrorReporter } from '../errorBoundary.js';
import type { PubSub } from '../pubsub/pubsub.js';
import type { Route } from '../routes.js';
import { type EvaluationIndex, LiveEvaluation } from './LiveEvaluation.js';
import type { LiveSession } from './LiveSession.js';
import { type ClientSessionHost, LiveSessions } from './LiveSessions.js';
import type { LiveWatcher } from './LiveWatcher.js';
import { assertTags } from './liveTags.js';

/** The pub/sub topic invalidations travel on between server instances. */
export const INVALIDATION_TOPIC = 'wirecall.live.invalidate';

/** How long the first run of a live query waits for a pub/sub that never says it is listening. */
const READY_FALLBACK_MS = 1_000;

/** After the pub/sub failed, how long before listening again. */
const RELISTEN_DELAY_MS = 1_000;

/** Counts of a server's live queries, for monitoring and tests. */
export interface LiveStats {
  /** Evaluations kept live now: one per query, input and connection (or per query and input when shared). */
  readonly evaluations: number;
  /** Runs of query handlers for live queries since the server started. */
  readonly runs: number;
}

/** What a connection gives the registry when it starts a watch. */
export interface WatchHost {
  readonly context: object;
  /** Who the connection's user is (the server's `identity` option), part of every evaluation's key. */
  readonly identity?: string | undefined;
  /**
   * The client's session id from its `hello`: a client's HTTP calls and its event stream are
   * separate connections of one session, and read-your-own-writes holds across them.
   */
  readonly session?: string | undefined;
  readonly pubsub: PubSub;
  readonly validateOutput: boolean;
}

interface InvalidationMessage {
  readonly origin: string;
  readonly tags: readonly string[];
}

function isInvalidationMessage(value: unknown): value is InvalidationMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { origin, tags } = value as Partial<InvalidationMessage>;
  return (
    typeof origin === 'string' &&
    Array.isArray(tags) &&
    tags.every((tag) => typeof tag === 'string' && tag.length > 0)
  );
}

/**
 * A server's live queries: the evaluations its watches share, which tags each depends on, and
 * the invalidations that re-run them, from this instance or (through the pub/sub) from others.
 */
export class LiveRegistry implements EvaluationIndex {
  readonly #pubsub: PubSub;
  readonly #report: ErrorReporter;
  /** Tells this instance's invalidations from others' when they come back from the pub/sub. */
  readonly #origin = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`;
  readonly #evaluations = new Map<string, LiveEvaluation>();
  readonly #byTag = new Map<string, Set<LiveEvaluation>>();
  /** Connection numbers, for keys of evaluations that only one connection may share. */
  readonly #hostIds = new WeakMap<object, number>();
  #nextHostId = 1;
  #ready: Promise<void> | undefined;
  readonly #stop = new AbortController();
  #runs = 0;
  /** The number of the newest invalidation applied here, from this instance or another. */
  #sequence = 0;
  /** Each connection's live queries, which move from version to version together. */
  readonly #sessions = new LiveSessions(() => this.#sequence);
  /** `ctx.invalidate` of every handler; `ctx.track` is the evaluation's own. */
  readonly hooks: LiveHooks = { invalidate: (tags) => this.invalidate(tags) };

  constructor(pubsub: PubSub, report: ErrorReporter) {
    this.#pubsub = pubsub;
    this.#report = report;
  }

  stats(): LiveStats {
    return { evaluations: this.#evaluations.size, runs: this.#runs };
  }

  /**
   * A watch of a query for one input: joins the evaluation of the same query and input on the
   * same connection (or on any connection, when the query is declared `shared`), else starts one.
   */
  watch(route: Route, input: unknown, host: WatchHost): LiveWatcher {
    // Evaluations are shared only by the same query, input and auth identity, and (unless the
    // query is `shared`) the same connection, whose context it runs under.
    const key = `${route.path}\u0000${stableText(input)}\u0000${this.#scopeOf(route, host)}`;
    let evaluation = this.#evaluations.get(key);
    if (!evaluation) {
      evaluation = new LiveEvaluation(
        key,
        {
          route,
          input,
          context: host.context,
          pubsub: host.pubsub,
          validateOutput: host.validateOutput,
        },
        this,
      );
      this.#evaluations.set(key, evaluation);
    }
    return evaluation.attach(this.#sessions.of(host));
  }

  /** The number of the newest invalidation applied on this instance. */
  get sequence(): number {
    return this.#sequence;
  }

  /**
   * Resolves with the connection's live version once its live queries reflect invalidation
   * number `sequence` (and their new results are on their way); undefined when the connection
   * watches nothing, so there is nothing to wait for.
   */
  settled(host: ClientSessionHost, sequence: number): Promise<number> | undefined {
    return this.#sessions.settled(host, sequence);
  }

  ran(evaluation: LiveEvaluation): void {
    const sessions = new Set<LiveSession>();
    for (const watcher of evaluation.watchers) sessions.add(watcher.session);
    for (const session of sessions) session.update();
  }

  /**
   * Marks the results that tracked any of `tags` stale: they re-run here at once, and the
   * invalidation is published for the other instances on the same pub/sub.
   * @throws TypeError when a tag is not a non-empty string.
   */
  invalidate(tags: readonly string[]): Promise<void> {
    assertTags(tags, 'invalidate()');
    if (tags.length === 0) return Promise.resolve();
    this.#apply(tags);
    const message: InvalidationMessage = { origin: this.#origin, tags: [...tags] };
    return this.#pubsub.publish(INVALIDATION_TOPIC, message).then(() => undefined);
  }

  addTag(evaluation: LiveEvaluation, tag: string): void {
    let evaluations = this.#byTag.get(tag);
    if (!evaluations) {
      evaluations = new Set();
      this.#byTag.set(tag, evaluations);
    }
    evaluations.add(evaluation);
  }

  removeTag(evaluation: LiveEvaluation, tag: string): void {
    const evaluations = this.#byTag.get(tag);
    if (!evaluations) return;
    evaluations.delete(evaluation);
    if (evaluations.size === 0) this.#byTag.delete(tag);
  }

  forget(evaluation: LiveEvaluation): void {
    if (this.#evaluations.get(evaluation.key) === evaluation)
      this.#evaluations.delete(evaluation.key);
  }

  countRun(): void {
    this.#runs++;
  }

  /** Resolves once this instance listens to other instances' invalidations (started on first use). */
  ready(): Promise<void> {
    this.#ready ??= new Promise((resolve) => {
      const timer = setTimeout(resolve, READY_FALLBACK_MS);
      void this.#listen(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.#ready;
  }

  /** Stops listening to the pub/sub: the server is closing. */
  close(): void {
    this.#stop.abort();
  }

  #scopeOf(route: Route, host: WatchHost): string {
    // Even a shared query is shared by one user's connections only, when the server tells users
    // apart: an auth identity is what a "nothing per-user" promise is most easily wrong about.
    if ((route.procedure as QueryDefinition).shared === true)
      return host.identity === undefined ? '*' : `*u:${host.identity}`;
    let id = this.#hostIds.get(host);
    if (id === undefined) {
      id = this.#nextHostId++;
      this.#hostIds.set(host, id);
    }
    return String(id);
  }

  #apply(tags: readonly string[]): void {
    const sequence = ++this.#sequence;
    const affected = new Set<LiveEvaluation>();
    for (const tag of tags) {
      const evaluations = this.#byTag.get(tag);
      if (evaluations) for (const evaluation of evaluations) affected.add(evaluation);
    }
    for (const evaluation of affected) evaluation.invalidate(sequence);
  }

  async #listen(onListening: () => void): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      try {
        const events = this.#pubsub.subscribe<unknown>(INVALIDATION_TOPIC, {
          signal,
          onCursor: onListening,
        });
        for await (const { data } of events) {
          if (!isInvalidationMessage(data)) {
            this.#report(new Error('A live query invalidation of unknown shape was ignored'), {
              path: INVALIDATION_TOPIC,
            });
            continue;
          }
          if (data.origin !== this.#origin) this.#apply(data.tags);
        }
      } catch (error) {
        if (signal.aborted) return;
        this.#report(error, { path: INVALIDATION_TOPIC });
      }
      if (signal.aborted) return;
      // Invalidations may have been missed while the pub/sub was down: every result re-runs.
      await new Promise((resolve) => setTimeout(resolve, RELISTEN_DELAY_MS));
      const sequence = ++this.#sequence;
      for (const evaluation of this.#evaluations.values()) evaluation.invalidate(sequence);
    }
  }
}
