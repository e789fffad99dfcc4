import { ErrorCode, RpcError } from '@wirecall/core';

/**
 * The error of an operation whose input the codec cannot encode (a circular structure, a
 * `BigInt`, nesting deeper than the stack): `BAD_INPUT`, naming the problem, so the app sees
 * which call carried it and every other operation goes on.
 */
export function unencodableInput(path: string, problem: string): RpcError {
  return new RpcError(
    ErrorCode.BAD_INPUT,
    { issues: [{ path: [], message: `The input ${problem}`, code: 'unencodable' }] },
    { message: `The input of "${path}" cannot be sent: it ${problem}` },
  );
}

/**
 * The error of an operation whose message is over the server's `maxMessageBytes`: the server
 * would close the whole connection (1009), and a re-send would do it again.
 */
export function overMessageLimit(size: number, max: number): RpcError {
  return new RpcError(
    ErrorCode.LIMIT_EXCEEDED,
    { limit: 'maxMessageBytes', max },
    { message: `A ${size}-byte message is over the server's ${max}-byte limit` },
  );
}

/** The error of a call refused because the client's queue is full. */
export function queueFull(calls: number, bytes: number): RpcError {
  return new RpcError(
    ErrorCode.BACKPRESSURE,
    // Roughly one round of the calls ahead of it; a hint, not a promise.
    { retryAfterMs: 100 },
    { message: `Too many calls pending (${calls} calls, ${bytes} bytes)` },
  );
}
