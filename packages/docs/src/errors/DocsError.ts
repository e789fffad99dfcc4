/** Codes of every {@link DocsError}. */
export const DocsErrorCode = {
  /** Nothing exists at the module path given. */
  MODULE_NOT_FOUND: 'MODULE_NOT_FOUND',
  /** The module exists but threw while loading (syntax error, failed import, …). */
  MODULE_LOAD_FAILED: 'MODULE_LOAD_FAILED',
  /** The module has no export made by `defineContract`, or the named export is not one. */
  CONTRACT_NOT_FOUND: 'CONTRACT_NOT_FOUND',
  /** Several exports are contracts and none was picked by name. */
  AMBIGUOUS_CONTRACT: 'AMBIGUOUS_CONTRACT',
  /** A value given to {@link generateDocs} was not made by `defineContract`. */
  NOT_A_CONTRACT: 'NOT_A_CONTRACT',
  /** An option of {@link generateDocs} is invalid, e.g. a `serverUrl` that is not a URL. */
  INVALID_OPTION: 'INVALID_OPTION',
  /** The command line could not be understood. */
  USAGE: 'USAGE',
} as const;

/** One of the codes in {@link DocsErrorCode}. */
export type DocsErrorCodeValue = (typeof DocsErrorCode)[keyof typeof DocsErrorCode];

/** Options of a {@link DocsError}. */
export interface DocsErrorOptions {
  /** The underlying error, e.g. what the module threw while loading. */
  cause?: unknown;
}

/**
 * Why docs could not be generated: a typed `code` and a one-line message fit for a terminal.
 * @example
 * try { await loadContract('./api.ts'); } catch (error) {
 *   if (isDocsError(error, 'CONTRACT_NOT_FOUND')) console.error(error.message);
 * }
 */
export class DocsError<TCode extends DocsErrorCodeValue = DocsErrorCodeValue> extends Error {
  /** Machine-readable reason. */
  readonly code: TCode;

  constructor(code: TCode, message: string, options: DocsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DocsError';
    this.code = code;
  }
}

/** Whether a value is a {@link DocsError}, optionally of one code. */
export function isDocsError<TCode extends DocsErrorCodeValue>(
  value: unknown,
  code?: TCode,
): value is DocsError<TCode> {
  return value instanceof DocsError && (code === undefined || value.code === code);
}
