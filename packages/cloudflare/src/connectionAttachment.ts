import { MAX_CURSOR_LENGTH, type OverflowPolicy, type SubscribeMessage } from '@wirecall/core';

/**
 * The hard limit of a socket attachment in workerd, once serialized: 16 KiB. Past it
 * `serializeAttachment` throws.
 */
export const MAX_ATTACHMENT_BYTES = 16_384;

/**
 * What a connection's attachment is designed to stay within: the request's kept headers, the
 * connection params and a handful of subscriptions with their cursors fit in 2 KiB.
 */
export const ATTACHMENT_BUDGET_BYTES = 2_048;

/** Room left for the runtime's own framing of the serialized string. */
const SERIALIZATION_OVERHEAD = 64;

/** One subscription of a connection, as much as it takes to start it again after waking. */
export interface StoredSubscription {
  readonly path: string;
  readonly input?: unknown;
  /** The id of the last event sent, or the last cursor: where the restarted handler resumes. */
  lastEventId?: string;
  /** Credit left (flow control), when the client asked for it. */
  credit?: number;
  readonly overflow?: OverflowPolicy;
  readonly bufferSize?: number;
}

/**
 * Everything a connection needs to be rebuilt after the object hibernated or was evicted: kept
 * in the socket's attachment, the only per-socket memory that survives. Version 1.
 */
export interface ConnectionAttachment {
  readonly v: 1;
  /** The agreed subprotocol. */
  readonly protocol: string;
  /** The request that opened the socket, as `context` sees it: URL, kept headers, address. */
  readonly request: {
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly remoteAddress?: string;
  };
  /** The client's `hello`, once it came: connection params, session id, batching. */
  hello?: { readonly params?: unknown; readonly session?: string; readonly batch?: boolean };
  /** Running subscriptions by operation id. */
  readonly subs: Record<string, StoredSubscription>;
}

/** A subscription as stored, from the message that started it. */
export function storedSubscription(message: SubscribeMessage): StoredSubscription {
  return {
    path: message.path,
    ...(message.input === undefined ? {} : { input: message.input }),
    ...(message.lastEventId === undefined ? {} : { lastEventId: message.lastEventId }),
    ...(message.credit === undefined ? {} : { credit: message.credit }),
    ...(message.overflow === undefined ? {} : { overflow: message.overflow }),
    ...(message.bufferSize === undefined ? {} : { bufferSize: message.bufferSize }),
  };
}

const encoder = new TextEncoder();

/** The attachment as the string kept with the socket, and its size in UTF-8 bytes. */
export function encodeAttachment(attachment: ConnectionAttachment): {
  text: string;
  bytes: number;
} {
  const text = JSON.stringify(attachment);
  return { text, bytes: encoder.encode(text).byteLength };
}

/**
 * Whether the attachment fits under `maxBytes` even once every subscription's cursor has grown
 * to the longest a cursor may be: cursors change with every event, and an event cannot be
 * refused, so the room for them is reserved when a subscription starts.
 */
export function fitsAttachment(attachment: ConnectionAttachment, maxBytes: number): boolean {
  let reserved = 0;
  for (const sub of Object.values(attachment.subs)) {
    reserved += MAX_CURSOR_LENGTH + 20 - (sub.lastEventId?.length ?? 0);
  }
  const { bytes } = encodeAttachment(attachment);
  return bytes + reserved <= Math.min(maxBytes, MAX_ATTACHMENT_BYTES - SERIALIZATION_OVERHEAD);
}

/** The attachment kept with `ws`, or undefined when it holds none of ours (or a corrupt one). */
export function readAttachment(value: unknown): ConnectionAttachment | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<ConnectionAttachment> | null;
    if (
      parsed?.v !== 1 ||
      typeof parsed.protocol !== 'string' ||
      typeof parsed.request?.url !== 'string' ||
      typeof parsed.subs !== 'object' ||
      parsed.subs === null
    ) {
      return undefined;
    }
    return parsed as ConnectionAttachment;
  } catch {
    return undefined;
  }
}
