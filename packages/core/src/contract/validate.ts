import { z } from 'zod';
import type { InputIssue } from '../errors/codes.js';

/** The outcome of checking a value against a schema. */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly InputIssue[] };

function toResult<T>(result: z.ZodSafeParseResult<T>): ValidationResult<T> {
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toInputIssues(result.error) };
}

/** Converts a zod error into the issues of a `BAD_INPUT` error. */
export function toInputIssues(error: z.ZodError): readonly InputIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * Checks a value against a schema. Synchronous schemas answer without a promise (the common,
 * fast case); schemas with async refinements fall back to zod's async parse.
 */
export function validate<TSchema extends z.ZodType>(
  schema: TSchema,
  value: unknown,
): ValidationResult<z.output<TSchema>> | Promise<ValidationResult<z.output<TSchema>>> {
  try {
    return toResult(schema.safeParse(value));
  } catch (error) {
    if (error instanceof z.core.$ZodAsyncError) return schema.safeParseAsync(value).then(toResult);
    throw error;
  }
}

/** Formats issues as one line for error messages: `text: Too big; room: Required`. */
export function formatIssues(issues: readonly InputIssue[]): string {
  return issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}
