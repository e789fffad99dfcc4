import { type AnySchema, type Codec, isValidCursor } from '@wirecall/core';
import {
  type EventFrameMaker,
  eventFrames,
  type ValidationResult,
  validate,
} from '@wirecall/core/internal';
import type { Tracked } from '../tracked.js';

/** What checking an event against a subscription's schema gave, or will give. */
export type EventCheck = ValidationResult<unknown> | Promise<ValidationResult<unknown>>;

/** What encoding an event's payload gave: the frame maker, or what the codec threw. */
type Encoding =
  | { readonly ok: true; readonly frames: EventFrameMaker }
  | { readonly ok: false; readonly error: unknown };

/** Subscriptions of one topic through different procedures get the same event: a few of each. */
interface Keyed<TKey, TValue> {
  readonly key: TKey;
  readonly also?: unknown;
  readonly value: TValue;
}

/**
 * The event of the current publish: its listeners are called one after another, so every
 * subscriber but the first finds it here. Only the one: a pub/sub's replay buffer keeps its
 * events, and must not keep their encodings too (a subscriber that queues one holds its own).
 */
let latest: SharedEvent | undefined;

/**
 * One pub/sub event as all its local subscribers share it: checked once against each
 * subscription schema, its payload encoded once per codec. A slow subscriber's queue holds it, so
 * that subscriber still finds it encoded when it sends it later.
 */
export class SharedEvent {
  readonly event: Tracked<unknown>;
  /** Whether the event's id can go out as a cursor: the client would close the connection over one it refuses. */
  readonly validCursor: boolean;
  readonly #checks: Array<Keyed<AnySchema, EventCheck>> = [];
  readonly #encodings: Array<Keyed<Codec, Encoding>> = [];
  #unchecked: ValidationResult<unknown> | undefined;

  private constructor(event: Tracked<unknown>) {
    this.event = event;
    this.validCursor = isValidCursor(event.id);
  }

  /** The shared view of `event`, made by its first subscriber. */
  static of(event: Tracked<unknown>): SharedEvent {
    if (latest?.event !== event) latest = new SharedEvent(event);
    return latest;
  }

  /** The event as it is, for servers that do not check outputs: one result for every subscriber. */
  get unchecked(): ValidationResult<unknown> {
    this.#unchecked ??= { ok: true, value: this.event.data };
    return this.#unchecked;
  }

  /** The event checked against `schema` (the first subscriber of that schema checks it). */
  checked(schema: AnySchema): EventCheck {
    for (const check of this.#checks) if (check.key === schema) return check.value;
    const value = validate(schema, this.event.data) as EventCheck;
    this.#checks.push({ key: schema, value });
    return value;
  }

  /**
   * The frames of `data` (the event as a schema made it) for `codec`, encoded the first time.
   * @throws what the codec threw for the payload, to every subscriber alike.
   */
  frames(codec: Codec, data: unknown): EventFrameMaker {
    for (const encoding of this.#encodings) {
      if (encoding.key === codec && encoding.also === data) return unwrap(encoding.value);
    }
    let value: Encoding;
    try {
      value = { ok: true, frames: eventFrames(codec, { data, eventId: this.event.id }) };
    } catch (error) {
      value = { ok: false, error };
    }
    this.#encodings.push({ key: codec, also: data, value });
    return unwrap(value);
  }
}

function unwrap(encoding: Encoding): EventFrameMaker {
  if (encoding.ok) return encoding.frames;
  throw encoding.error;
}
