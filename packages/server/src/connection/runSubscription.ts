import {
  type CompleteMessage,
  ErrorCode,
  type ErrorMessage,
  type EventMessage,
  isValidCursor,
  RpcError,
  type SerializedRpcError,
  type SubscribeMessage,
  type SubscriptionDefinition,
} from '@wirecall/core';
import { formatIssues, validate } from '@wirecall/core/internal';
import { contractBreach, toWireError } from '../errorBoundary.js';
import { type FrameHost, TopicSubscriber } from '../fanout/TopicSubscriber.js';
import { DEFAULT_BUFFER_SIZE } from '../flow/eventQueue.js';
import type { SubscriptionFlow } from '../flow/subscriptionFlow.js';
import { invokeHandler } from '../middleware/middlewareChain.js';
import { TopicFeed } from '../pubsub/TopicFeed.js';
import type { Route } from '../routes.js';
import type { TelemetrySpan } from '../telemetry/ServerTelemetry.js';
import { invalidEventIdError, isTracked } from '../tracked.js';
import { ABORTED, createNextUnlessAborted, createUnlessAborted } from './nextUnlessAborted.js';
import type { OperationHost } from './operationHost.js';
import { createRequestContext } from './requestContext.js';

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
  );
}

/**
 * Runs one subscription: validates the input, starts the handler (with the client's resume
 * cursor as `ctx.lastEventId`) and pulls events from it until it ends, fails, or `signal` aborts
 * (unsubscribe or disconnect). It pulls only while the client has granted credit and the socket
 * is below its high-water mark, so a slow consumer pauses the handler at its source. Tracked
 * events go out with their id. The handler's iterator is always closed, so its `finally` runs.
 * With the server's telemetry the whole stream runs in the subscription's span, which ends with it.
 */
export function runSubscription(
  host: OperationHost,
  route: Route,
  message: SubscribeMessage,
  signal: AbortSignal,
  flow: SubscriptionFlow,
): Promise<void> {
  const telemetry = host.telemetry;
  if (telemetry === undefined) return stream(host, route, message, signal, flow, undefined);
  const span = telemetry.start({ path: route.path, kind: 'subscription', trace: message.trace });
  return span.run(() => stream(host, route, message, signal, flow, span));
}

/** The client stopped the subscription (or lost its connection): how its span ends. */
const STOPPED: SerializedRpcError = { code: ErrorCode.CANCELLED, message: 'Subscription stopped' };

async function stream(
  host: OperationHost,
  route: Route,
  message: SubscribeMessage,
  signal: AbortSignal,
  flow: SubscriptionFlow,
  span: TelemetrySpan | undefined,
): Promise<void> {
  const procedure = route.procedure as SubscriptionDefinition;
  const { id } = message;
  let iterator: AsyncIterator<unknown> | undefined;
  let finished = false;
  let failure: SerializedRpcError | undefined;
  const telemetry = span && host.telemetry;
  const onDrop = telemetry
    ? (count: number) => {
        flow.addDropped(count);
        telemetry.eventsDropped(route.path, count);
      }
    : flow.addDropped;
  try {
    let parsed = validate(procedure.input, message.input);
    if (parsed instanceof Promise) parsed = await parsed;
    if (!parsed.ok) {
      throw new RpcError(
        ErrorCode.BAD_INPUT,
        { issues: parsed.issues },
        {
          message: `Invalid input for "${route.path}": ${formatIssues(parsed.issues)}`,
        },
      );
    }
    if (signal.aborted) return;
    const ctx = createRequestContext(host.context, {
      path: route.path,
      abort: { signal },
      pubsub: host.pubsub,
      live: host.live.hooks,
      subscription: {
        queue: {
          overflow: message.overflow ?? procedure.flow?.overflow ?? 'buffer',
          bufferSize: message.bufferSize ?? procedure.flow?.bufferSize ?? DEFAULT_BUFFER_SIZE,
          onDrop,
        },
        lastEventId: message.lastEventId,
        onCursor: (lastEventId) => {
          if (signal.aborted) return;
          // A pub/sub of the user's making could hand out a cursor the client would send back
          // and the server refuse, closing the connection: better no cursor than that.
          if (!isValidCursor(lastEventId)) {
            host.report(invalidEventIdError(lastEventId, 'A pub/sub cursor'), { path: route.path });
            return;
          }
          void host.send({ type: 'cursor', id, lastEventId });
        },
      },
    });
    let source = invokeHandler(route, parsed.value, ctx, host);
    // Through middleware, the stream comes once the chain has run.
    if (source instanceof Promise) {
      source = await source;
      if (signal.aborted) return;
    }
    if (source instanceof TopicFeed && source.canListen(signal) && takesFrames(host)) {
      // Straight from an in-process topic: no iteration, each event checked and encoded once
      // for all the topic's subscribers. Only a stop or a failure ends it.
      host.send({ type: 'subscribed', id });
      await new TopicSubscriber({
        host,
        path: route.path,
        procedure,
        id,
        signal,
        flow,
        feed: source,
      }).run();
      return;
    }
    if (!isAsyncIterable(source)) {
      throw new Error(`Handler of subscription "${route.path}" must return an AsyncIterable`);
    }
    iterator = source[Symbol.asyncIterator]();
    host.send({ type: 'subscribed', id });
    const next = createNextUnlessAborted(iterator, signal);
    const unlessAborted = createUnlessAborted(signal);
    while (true) {
      // Out of credit, or the socket is full: wait before asking the handler for more.
      const blocked = flow.whenCredit() ?? host.writable();
      if (blocked) {
        if ((await unlessAborted(() => blocked)) === ABORTED) return;
        continue;
      }
      const step = await next();
      if (step === ABORTED) return;
      if (step.done) {
        finished = true;
        host.send(withDropped({ type: 'complete', id }, flow));
        return;
      }
      // `tracked(id, event)` sends the id along, so the client can resume after this event.
      const eventId = isTracked(step.value) ? step.value.id : undefined;
      // A forged or altered tracked value: checked here too, so no id the client would refuse
      // (and close the connection over) is ever sent.
      if (eventId !== undefined && !isValidCursor(eventId)) throw invalidEventIdError(eventId);
      let data = isTracked(step.value) ? step.value.data : step.value;
      if (host.validateOutput) {
        let checked = validate(procedure.event, data);
        if (checked instanceof Promise) checked = await checked;
        if (!checked.ok) {
          throw contractBreach('Event', route.path, checked.issues);
        }
        data = checked.value;
      }
      if (signal.aborted) return;
      const event: { -readonly [K in keyof EventMessage]: EventMessage[K] } = {
        type: 'event',
        id,
        data,
      };
      if (eventId !== undefined) event.eventId = eventId;
      const dropped = flow.takeDropped();
      if (dropped > 0) event.dropped = dropped;
      flow.spend();
      const sent = host.send(event);
      if (sent) await sent;
    }
  } catch (thrown) {
    if (!signal.aborted) {
      const error = toWireError(thrown, procedure, route.path, host.report);
      failure = error;
      host.send(withDropped({ type: 'error', id, error }, flow));
    }
  } finally {
    if (iterator && !finished) closeIterator(iterator, host, route.path);
    span?.end(finished ? undefined : (failure ?? STOPPED));
  }
}

/** Whether the connection takes frames encoded once for many sockets. */
function takesFrames(host: OperationHost): host is FrameHost {
  return host.codec !== undefined && typeof host.sendFrame === 'function';
}

/** The last message of a subscription, telling of drops since its last event: none goes untold. */
function withDropped<TMessage extends CompleteMessage | ErrorMessage>(
  message: TMessage,
  flow: SubscriptionFlow,
): TMessage {
  const dropped = flow.takeDropped();
  return dropped > 0 ? { ...message, dropped } : message;
}

/** Ends the handler's iterator without waiting for it: a handler stuck in an await must not block us. */
function closeIterator(iterator: AsyncIterator<unknown>, host: OperationHost, path: string): void {
  if (typeof iterator.return !== 'function') return;
  try {
    Promise.resolve(iterator.return()).catch((error: unknown) => host.report(error, { path }));
  } catch (error) {
    host.report(error, { path });
  }
}
