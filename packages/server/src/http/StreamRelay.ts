import type { PubSub } from '../pubsub/pubsub.js';

/** A control POST passed to the instance that holds its stream. */
interface RelayedControl {
  readonly stream: string;
  readonly session: string | undefined;
  readonly body: string;
}

/** Where an instance hears control messages for its streams: one topic per instance. */
const TOPIC_PREFIX = 'wirecall:http-streams:';

/**
 * Carries the control POSTs of an event stream (subscribe, credit, unsubscribe) to the instance
 * that holds the stream, over the server's pub/sub: behind a round-robin balancer, a control POST
 * lands on any instance, and with a shared pub/sub (`redisPubSub`) it still reaches its stream
 * instead of making the client reopen it. Stream ids start with their instance's id, so any
 * instance knows where to send; each instance listens on one topic of its own, from its first
 * stream on. The client sends one control POST after another, so the order holds.
 */
export class StreamRelay {
  readonly #pubsub: PubSub;
  readonly #deliver: (control: RelayedControl) => void;
  readonly #instance = globalThis.crypto.randomUUID();
  readonly #stop = new AbortController();
  #listening: Promise<void> | undefined;

  /** `deliver` hands a relayed control POST to a local stream (checking its session). */
  constructor(pubsub: PubSub, deliver: (control: RelayedControl) => void) {
    this.#pubsub = pubsub;
    this.#deliver = deliver;
  }

  /** A new stream's id: its instance's, then its own. */
  streamId(): string {
    return `${this.#instance}.${globalThis.crypto.randomUUID()}`;
  }

  /** Resolves once this instance hears its topic, so a stream it opens is reachable from others. */
  listen(): Promise<void> {
    this.#listening ??= new Promise<void>((resolve, reject) => {
      const topic = TOPIC_PREFIX + this.#instance;
      const heard = this.#pubsub.subscribe<RelayedControl>(topic, {
        signal: this.#stop.signal,
        onCursor: () => resolve(),
      });
      void (async () => {
        try {
          for await (const { data } of heard) this.#deliver(data);
        } catch (error) {
          reject(error);
        }
        // Ended (an unavailable store, or close): the next stream listens again.
        this.#listening = undefined;
        resolve();
      })();
    });
    return this.#listening;
  }

  /**
   * Sends a control POST to the instance that holds `stream`. False when that is this instance
   * (the stream ended here) or the id names no instance: the client is told 404 and reopens.
   */
  async forward(stream: string, session: string | undefined, body: string): Promise<boolean> {
    const dot = stream.indexOf('.');
    const instance = dot > 0 ? stream.slice(0, dot) : '';
    if (!/^[0-9a-f-]{36}$/.test(instance) || instance === this.#instance) return false;
    await this.#pubsub.publish<RelayedControl>(TOPIC_PREFIX + instance, { stream, session, body });
    return true;
  }

  /** Stops listening (the server is closing). */
  close(): void {
    this.#stop.abort();
  }
}
