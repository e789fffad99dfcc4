import type { QueryDefinition } from '@wirecall/core';
import { hashText, stableText, validate } from '@wirecall/core/internal';
import { createRequestContext } from '../connection/requestContext.js';
import { contractBreach } from '../errorBoundary.js';
import type { PubSub } from '../pubsub/pubsub.js';
import type { Route } from '../routes.js';
import type { LiveSession } from './LiveSession.js';
import { type LiveResult, LiveWatcher, type WatchedEvaluation } from './LiveWatcher.js';
import { patchOf } from './livePatches.js';

/** What an evaluation needs of the registry that holds it. */
export interface EvaluationIndex {
  addTag(evaluation: LiveEvaluation, tag: string): void;
  removeTag(evaluation: LiveEvaluation, tag: string): void;
  /** The evaluation ended (no watchers, or its query failed): new watches start a new one. */
  forget(evaluation: LiveEvaluation): void;
  invalidate(tags: readonly string[]): Promise<void>;
  /** Resolves once invalidations from other instances reach this one. */
  ready(): Promise<void>;
  /** Counts one run of a query handler, for `server.liveStats()`. */
  countRun(): void;
  /** A run ended: the sessions of its watchers look whether they can move on. */
  ran(evaluation: LiveEvaluation): void;
}

/** The query an evaluation runs, with the input and context it runs under. */
export interface EvaluationSource {
  readonly route: Route;
  readonly input: unknown;
  readonly context: object;
  readonly pubsub: PubSub;
  readonly validateOutput: boolean;
}

/**
 * One query and input kept live for its watchers: runs the handler, re-runs it when a tag it
 * tracked is invalidated, and hands the result to every watcher when its version changed. At
 * most one run is in flight: invalidations that arrive during a run ask for one more after it,
 * so a burst costs at most two runs and the last state always arrives.
 */
export class LiveEvaluation implements WatchedEvaluation {
  readonly key: string;
  readonly #source: EvaluationSource;
  readonly #index: EvaluationIndex;
  readonly #watchers = new Set<LiveWatcher>();
  readonly #controller = new AbortController();
  /** The tags the last run tracked, plus those of the run in flight. */
  #tags = new Set<string>();
  #running = false;
  #dirty = false;
  #scheduled = false;
  #disposed = false;
  /** Which run is current: `track` calls of a run that has ended are ignored. */
  #generation = 0;
  /** The lowest invalidation (sequence number) no run has started for yet. */
  #pending: number | undefined;
  /** The lowest invalidation the run in flight answers. */
  #answering: number | undefined;
  /** The last result as JSON parses it, kept only for results large enough to patch. */
  #json: unknown;
  latest: LiveResult | undefined;
  failure: { readonly error: unknown } | undefined;

  constructor(key: string, source: EvaluationSource, index: EvaluationIndex) {
    this.key = key;
    this.#source = source;
    this.#index = index;
    // Only once this instance hears other instances' invalidations: one that came before would
    // otherwise be missed for good.
    void index.ready().then(() => this.#runNow());
  }

  /** A new watch of this evaluation; it gets the current result at once, if there is one. */
  attach(session: LiveSession): LiveWatcher {
    const watcher = new LiveWatcher(this, session);
    this.#watchers.add(watcher);
    return watcher;
  }

  get watchers(): ReadonlySet<LiveWatcher> {
    return this.#watchers;
  }

  get behindFrom(): number | undefined {
    return this.#answering ?? this.#pending;
  }

  detach(watcher: LiveWatcher): void {
    this.#watchers.delete(watcher);
    if (this.#watchers.size === 0) this.#dispose();
  }

  /**
   * A tag this evaluation tracked was invalidated (invalidation number `sequence`): re-run now,
   * or after the run in flight.
   */
  invalidate(sequence: number): void {
    if (this.#disposed) return;
    this.#pending ??= sequence;
    if (this.#running) {
      this.#dirty = true;
      return;
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // A turn later, so that invalidations of one burst (a loop, a batch) cost one run.
    setTimeout(() => {
      this.#scheduled = false;
      void this.#runNow();
    }, 0);
  }

  async #runNow(): Promise<void> {
    if (this.#disposed || this.#running) return;
    this.#running = true;
    this.#dirty = false;
    this.#answering = this.#pending;
    this.#pending = undefined;
    const generation = ++this.#generation;
    const tracked = new Set<string>();
    const { route, input, context, pubsub, validateOutput } = this.#source;
    this.#index.countRun();
    try {
      const ctx = createRequestContext(context, {
        path: route.path,
        abort: this.#controller,
        pubsub,
        live: {
          // Registered at once, before the handler reads: an invalidation between its read and
          // the end of the run then still asks for another run.
          track: (tags) => {
            if (generation !== this.#generation || this.#disposed) return;
            for (const tag of tags) {
              tracked.add(tag);
              if (!this.#tags.has(tag)) {
                this.#tags.add(tag);
                this.#index.addTag(this, tag);
              }
            }
          },
          invalidate: (tags) => this.#index.invalidate(tags),
        },
      });
      let value = await route.handler(input, ctx as never);
      if (validateOutput) {
        const procedure = route.procedure as QueryDefinition;
        let checked = validate(procedure.output, value);
        if (checked instanceof Promise) checked = await checked;
        if (!checked.ok) {
          throw contractBreach('Output', route.path, checked.issues);
        }
        value = checked.value;
      }
      if (this.#disposed) return;
      this.#dropTagsBut(tracked);
      this.#publish(value);
    } catch (error) {
      if (this.#disposed) return;
      this.failure = { error };
      this.#index.forget(this);
      this.#dropTagsBut(new Set());
      for (const watcher of this.#watchers) watcher.notify();
      this.#index.ran(this);
      return;
    } finally {
      this.#running = false;
      this.#answering = undefined;
    }
    this.#index.ran(this);
    if (this.#dirty) this.#schedule();
  }

  /** A run's value: kept, with a patch from the last one, if it changed; watchers hear of it. */
  #publish(value: unknown): void {
    const text = stableText(value);
    const version = hashText(text);
    const previous = this.latest;
    const cause = this.#answering ?? 0;
    if (version === previous?.version) return;
    const { json, patch } = patchOf(previous?.version, this.#json, text);
    this.#json = json;
    this.latest = patch ? { version, value, cause, patch } : { version, value, cause };
    for (const watcher of this.#watchers) watcher.notify();
  }

  /** Stops listening to tags the last run no longer tracked. */
  #dropTagsBut(keep: ReadonlySet<string>): void {
    for (const tag of this.#tags) {
      if (!keep.has(tag)) {
        this.#tags.delete(tag);
        this.#index.removeTag(this, tag);
      }
    }
  }

  #dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#controller.abort();
    this.#dropTagsBut(new Set());
    this.#index.forget(this);
  }
}
