import { CloseCode } from '@wirecall/core';
import type { ErrorReporter } from './errorBoundary.js';

/**
 * Where the server logs: any object with pino's `error` and `warn` shape (`pino()`, a child
 * logger, or your own), called as `logger.warn({ ...fields }, message)`.
 * @example
 * createServer(api, { handlers, logger: pino() });
 */
export interface Logger {
  /** Handler failures and server faults, with `{ err, path }` or the close code. */
  error(fields: object, message?: string): void;
  /** Protocol violations that closed a connection (4400, 4409, 4430). */
  warn(fields: object, message?: string): void;
}

/** The default: logs nothing. */
export const silentLogger: Logger = { error() {}, warn() {} };

/** Close codes that mean the client broke the protocol: logged as warnings when set. */
const VIOLATIONS: ReadonlySet<number> = new Set([
  CloseCode.PROTOCOL_ERROR,
  CloseCode.CONFLICT,
  CloseCode.TOO_MANY_FRAMES,
]);

/** Logs a connection the server closes, when the close is worth telling: a violation or a failure. */
export function logClose(logger: Logger, code: number, reason: string): void {
  if (VIOLATIONS.has(code)) {
    logger.warn({ closeCode: code, reason }, 'wirecall: protocol violation, connection closed');
  } else if (code === CloseCode.INTERNAL_ERROR) {
    logger.error({ closeCode: code, reason }, 'wirecall: connection failed');
  }
}

/**
 * The reporter of unexpected errors (handler failures, store faults) for a server's options: the
 * `logger` gets each as `error({ err, path })`, then `onError` if set. Without `onError`, a
 * server with a logger logs only through it; one without either prints to stderr.
 */
export function reporterFor(
  logger: Logger | undefined,
  onError: ErrorReporter | undefined,
  fallback: ErrorReporter,
): ErrorReporter {
  if (!logger) return onError ?? fallback;
  if (typeof logger.error !== 'function' || typeof logger.warn !== 'function') {
    throw new TypeError('The logger option needs error() and warn() methods, as pino has');
  }
  return (error, info) => {
    logger.error(
      info.path === undefined ? { err: error } : { err: error, path: info.path },
      'wirecall: unexpected error',
    );
    onError?.(error, info);
  };
}
