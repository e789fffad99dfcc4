import { isOverflowPolicy, MAX_BUFFER_SIZE, MAX_WINDOW } from '../contract/flowOptions.js';
import type { SerializedRpcError } from '../errors/RpcError.js';
import { MAX_CURSOR_LENGTH, MAX_KEY_LENGTH, MAX_PATH_LENGTH } from './limits.js';
import type { ClientMessage, ServerMessage } from './messages.js';

/** A frame that is not a valid message of the protocol. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

type Fields = Record<string, unknown>;

function fail(message: string): never {
  throw new ProtocolError(message);
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A positive safe integer. */
function isOperationId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function requireId(message: Fields): void {
  if (!isOperationId(message.id))
    fail(`"${String(message.type)}" needs "id", a positive safe integer`);
}

function requirePath(message: Fields): void {
  const { path } = message;
  if (typeof path !== 'string' || path.length === 0 || path.length > MAX_PATH_LENGTH) {
    fail(
      `"${String(message.type)}" needs "path", a procedure name of 1 to ${MAX_PATH_LENGTH} characters`,
    );
  }
}

function optionalString(message: Fields, field: string, maxLength: number): void {
  const value = message[field];
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    fail(
      `"${String(message.type)}" field "${field}" must be a string of 1 to ${maxLength} characters`,
    );
  }
}

function optionalBoolean(message: Fields, field: string): void {
  const value = message[field];
  if (value !== undefined && typeof value !== 'boolean') {
    fail(`"${String(message.type)}" field "${field}" must be true or false`);
  }
}

/**
 * The messages of a decoded frame: the frame's one message, or each message of a batch (an
 * array) in order. Each is still to be checked by {@link parseClientMessage} or
 * {@link parseServerMessage}.
 * @throws ProtocolError for an empty batch.
 */
export function messagesOfFrame(decoded: unknown): readonly unknown[] {
  if (!Array.isArray(decoded)) return [decoded];
  if (decoded.length === 0) fail('A batch must hold at least one message');
  return decoded;
}

/** Whether a checked frame is a batch (`Array.isArray` does not narrow readonly arrays). */
export function isBatch<TMessage>(
  messages: TMessage | readonly TMessage[],
): messages is readonly TMessage[] {
  return Array.isArray(messages);
}

/**
 * Checks a decoded frame from a client: its one message, or every message of a batch, all of
 * them before any is acted on.
 * @throws ProtocolError naming what is wrong.
 */
export function parseClientFrame(decoded: unknown): ClientMessage | readonly ClientMessage[] {
  if (!Array.isArray(decoded)) return parseClientMessage(decoded);
  for (const message of messagesOfFrame(decoded)) parseClientMessage(message);
  return decoded as ClientMessage[];
}

/**
 * Checks a decoded frame from a server: its one message, or every message of a batch, all of
 * them before any is acted on.
 * @throws ProtocolError naming what is wrong.
 */
export function parseServerFrame(decoded: unknown): ServerMessage | readonly ServerMessage[] {
  if (!Array.isArray(decoded)) return parseServerMessage(decoded);
  for (const message of messagesOfFrame(decoded)) parseServerMessage(message);
  return decoded as ServerMessage[];
}

/** The largest credit a message may carry or a subscription may hold. */
export const MAX_CREDIT = MAX_WINDOW;

function optionalCount(message: Fields, field: string, min: number, max: number): void {
  const value = message[field];
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    fail(`"${String(message.type)}" field "${field}" must be an integer from ${min} to ${max}`);
  }
}

const LIMIT_FIELDS = ['maxCallsInFlight', 'maxSubscriptions', 'maxMessageBytes'] as const;

/**
 * Checks a welcome's `limits`: each present field is a number of at least 1, or `null` (what JSON
 * makes of a server's `Infinity`), so a hostile or broken server cannot make a client wait for a
 * call slot that never comes (`0`) or compute with what is not a number.
 */
function checkLimits(limits: unknown): void {
  if (!isObject(limits)) fail('"welcome" field "limits" must be an object');
  for (const field of LIMIT_FIELDS) {
    const value = limits[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || value < 1) {
      fail(`"welcome" field "limits.${field}" must be a number of at least 1`);
    }
  }
}

function isSerializedError(value: unknown): value is SerializedRpcError {
  return isObject(value) && typeof value.code === 'string' && typeof value.message === 'string';
}

/**
 * Checks an untrusted decoded frame from a client and returns it as a {@link ClientMessage}.
 * @throws ProtocolError naming what is wrong.
 */
export function parseClientMessage(value: unknown): ClientMessage {
  if (!isObject(value)) fail('A message must be a JSON object');
  switch (value.type) {
    case 'hello':
      optionalString(value, 'session', MAX_KEY_LENGTH);
      optionalBoolean(value, 'batch');
      return value as unknown as ClientMessage;
    case 'call':
      requireId(value);
      requirePath(value);
      optionalString(value, 'key', MAX_KEY_LENGTH);
      return value as unknown as ClientMessage;
    case 'subscribe':
      requireId(value);
      requirePath(value);
      optionalString(value, 'lastEventId', MAX_CURSOR_LENGTH);
      optionalCount(value, 'credit', 0, MAX_CREDIT);
      optionalCount(value, 'bufferSize', 1, MAX_BUFFER_SIZE);
      if (value.overflow !== undefined && !isOverflowPolicy(value.overflow)) {
        fail('"subscribe" field "overflow" must be buffer, drop-oldest, drop-newest or latest');
      }
      return value as unknown as ClientMessage;
    case 'credit':
      requireId(value);
      if (value.credit === undefined) fail('"credit" needs "credit", the number of events granted');
      optionalCount(value, 'credit', 1, MAX_CREDIT);
      return value as unknown as ClientMessage;
    case 'cancel':
    case 'unsubscribe':
      requireId(value);
      return value as unknown as ClientMessage;
    case 'ping':
    case 'pong':
      return value as unknown as ClientMessage;
    default:
      return fail(
        typeof value.type === 'string'
          ? `Unknown message type "${value.type.slice(0, 64)}"`
          : 'A message needs a string "type"',
      );
  }
}

/**
 * Checks an untrusted decoded frame from a server and returns it as a {@link ServerMessage}.
 * @throws ProtocolError naming what is wrong.
 */
export function parseServerMessage(value: unknown): ServerMessage {
  if (!isObject(value)) fail('A message must be a JSON object');
  switch (value.type) {
    case 'welcome':
      optionalBoolean(value, 'batch');
      if (value.limits !== undefined) checkLimits(value.limits);
      return value as unknown as ServerMessage;
    case 'ping':
    case 'pong':
      return value as unknown as ServerMessage;
    case 'result':
      requireId(value);
      optionalCount(value, 'liveVersion', 0, Number.MAX_SAFE_INTEGER);
      return value as unknown as ServerMessage;
    case 'subscribed':
      requireId(value);
      return value as unknown as ServerMessage;
    case 'complete':
      requireId(value);
      optionalCount(value, 'dropped', 1, Number.MAX_SAFE_INTEGER);
      return value as unknown as ServerMessage;
    case 'event':
      requireId(value);
      optionalString(value, 'eventId', MAX_CURSOR_LENGTH);
      optionalCount(value, 'dropped', 1, Number.MAX_SAFE_INTEGER);
      return value as unknown as ServerMessage;
    case 'cursor':
      requireId(value);
      // Checked as strictly as the client's `subscribe` will be: a cursor the server would refuse
      // when it comes back is refused here, before the client holds it.
      if (value.lastEventId === undefined) fail('"cursor" needs a string "lastEventId"');
      optionalString(value, 'lastEventId', MAX_CURSOR_LENGTH);
      return value as unknown as ServerMessage;
    case 'error':
      requireId(value);
      if (!isSerializedError(value.error))
        fail('"error" needs "error" with a string code and message');
      optionalCount(value, 'dropped', 1, Number.MAX_SAFE_INTEGER);
      return value as unknown as ServerMessage;
    default:
      return fail(
        typeof value.type === 'string'
          ? `Unknown message type "${value.type.slice(0, 64)}"`
          : 'A message needs a string "type"',
      );
  }
}
