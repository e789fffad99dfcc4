import type { Codec, Frame, OperationId, SubscriptionDefinition } from '@wirecall/core';
import type { ValidationResult } from '@wirecall/core/internal';
import { ABORTED, createUnlessAborted } from '../connection/nextUnlessAborted.js';
import type { OperationHost } from '../connection/operationHost.js';
import { contractBreach } from '../errorBoundary.js';
import { EventQueue } from '../flow/eventQueue.js';
import type { SubscriptionFlow } from '../flow/subscriptionFlow.js';
import type { TopicFeed } from '../pubsub/TopicFeed.js';
import type { Tracked } from '../tracked.js';
import { invalidEventIdError } from '../tracked.js';
import { type EventCheck, SharedEvent } from './SharedEvent.js';

/** A host that takes frames encoded once for many sockets. */
export type FrameHost = OperationHost & {
  readonly codec: Codec;
  sendFrame(frame: Frame): void | Promise<void>;
};

/** What one {@link TopicSubscriber} delivers, to whom. */
export interface TopicSubscriberInit {
  readonly host: FrameHost;
  readonly path: string;
  readonly procedure: SubscriptionDefinition;
  readonly id: OperationId;
  readonly signal: AbortSignal;
  readonly flow: SubscriptionFlow;
  readonly feed: TopicFeed<unknown>;
}

/**
 * One subscription fed straight from an in-process pub/sub topic: each event goes into the
 * socket's batch in the publish's own turn, its check and its encoding shared with every other
 * subscriber of the topic ({@link SharedEvent}), with no async iteration per event. While the
 * client has no credit or its socket is above the high-water mark, events wait in an
 * {@link EventQueue} under the subscription's overflow policy and go out, in order, once it can
 * take them: a slow subscriber holds back no one else.
 */
export class TopicSubscriber {
  readonly #init: TopicSubscriberInit;
  readonly #queue: EventQueue<SharedEvent>;
  readonly #unlessAborted: ReturnType<typeof createUnlessAborted>;
  /** Set while events wait, or a check is pending: new events queue behind them. */
  #draining = false;
  /** The transport asked us to wait before sending more. */
  #sendBlocked: Promise<void> | undefined;
  #done = false;
  #stop: (() => void) | undefined;
  #settle: ((error?: unknown) => void) | undefined;

  constructor(init: TopicSubscriberInit) {
    this.#init = init;
    this.#queue = new EventQueue({ ...init.feed.init.queue, signal: init.signal });
    this.#unlessAborted = createUnlessAborted(init.signal);
    const queue = this.#queue;
    init.flow.backlog = () => queue.size;
  }

  /**
   * Listens until the subscription is stopped (resolves) or fails (rejects with why: a resume
   * gap, a slow consumer, an event that breaks the contract or cannot be encoded).
   */
  run(): Promise<void> {
    const { feed, signal } = this.#init;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => this.#finish();
      this.#settle = (error) => {
        signal.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      if (signal.aborted) return this.#finish();
      signal.addEventListener('abort', onAbort, { once: true });
      const { pubsub, topic, options } = feed.init;
      try {
        const stop = (pubsub.listen as NonNullable<typeof pubsub.listen>)(
          topic,
          (event) => this.#receive(event),
          { lastEventId: options.lastEventId, onCursor: options.onCursor },
        );
        // The replay may already have failed the subscription.
        if (this.#done) stop();
        else this.#stop = stop;
      } catch (error) {
        this.#finish(error);
      }
    });
  }

  /** An event of the topic, in the publish's turn: never throws into the publisher. */
  #receive(event: Tracked<unknown>): void {
    if (this.#done) return;
    try {
      const view = SharedEvent.of(event);
      if (!this.#draining && this.#canSend()) {
        const check = this.#check(view);
        if (!(check instanceof Promise)) {
          this.#deliver(view, check);
          return;
        }
      }
      this.#queue.push(view);
      if (!this.#draining) void this.#drain();
    } catch (error) {
      this.#finish(error);
    }
  }

  /** Whether an event can go out now: the client has credit and the socket has room. */
  #canSend(): boolean {
    const { flow, host } = this.#init;
    return flow.credit > 0 && this.#sendBlocked === undefined && host.writable() === undefined;
  }

  /** Sends what waits, in order, as credit and the socket allow; then back to sending in place. */
  async #drain(): Promise<void> {
    this.#draining = true;
    const { flow, host } = this.#init;
    try {
      while (!this.#done) {
        const blocked = flow.whenCredit() ?? this.#sendBlocked ?? host.writable();
        if (blocked) {
          if ((await this.#unlessAborted(() => blocked)) === ABORTED) return;
          continue;
        }
        const view = this.#queue.take();
        if (view === undefined) {
          this.#draining = false;
          return;
        }
        let check = this.#check(view);
        if (check instanceof Promise) {
          const pending = check;
          const settled = await this.#unlessAborted(() => pending);
          if (settled === ABORTED) return;
          check = settled;
        }
        if (this.#done) return;
        this.#deliver(view, check);
      }
    } catch (error) {
      this.#finish(error);
    }
  }

  /** The event as the contract makes it (checked once per schema for all subscribers). */
  #check(view: SharedEvent): EventCheck {
    const { host, procedure } = this.#init;
    return host.validateOutput ? view.checked(procedure.event) : view.unchecked;
  }

  /** Sends one event; throws what ends the subscription instead. */
  #deliver(view: SharedEvent, check: ValidationResult<unknown>): void {
    const { host, flow, id, path } = this.#init;
    if (!check.ok) {
      throw contractBreach('Event', path, check.issues);
    }
    // A pub/sub of the user's making could hand out an id the client would refuse.
    if (!view.validCursor) throw invalidEventIdError(view.event.id);
    const eventId = view.event.id;
    const dropped = flow.takeDropped();
    // Drops are told in the event that follows them: that one frame is this subscriber's own.
    const frame =
      dropped > 0
        ? host.codec.encode({ type: 'event', id, data: check.value, eventId, dropped })
        : view.frames(host.codec, check.value)(id);
    flow.spend();
    const sent = host.sendFrame(frame);
    if (sent) {
      this.#sendBlocked = sent;
      const unblock = () => {
        if (this.#sendBlocked === sent) this.#sendBlocked = undefined;
      };
      sent.then(unblock, unblock);
    }
  }

  /** Ends the subscription: stopped when `error` is undefined, failed with it otherwise. */
  #finish(error?: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#stop?.();
    this.#stop = undefined;
    this.#settle?.(error);
  }
}
