import { z } from 'zod';
import type { InputIssue } from '../errors/codes.js';
import { isPromiseLike } from '../isPromiseLike.js';
import type { AnySchema, InferOutput, StandardSchemaV1 } from '../schema/standardSchema.js';

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

function pathKey(segment: PropertyKey | StandardSchemaV1.PathSegment): string | number {
  const key = typeof segment === 'object' ? segment.key : segment;
  return typeof key === 'symbol' ? String(key) : key;
}

/**
 * Converts Standard Schema issues into those of a `BAD_INPUT` error. They carry no code of their
 * own; a vendor's (valibot's `type`, ArkType's `code`) is kept when the issue has one as a string.
 */
export function toStandardInputIssues(
  issues: ReadonlyArray<StandardSchemaV1.Issue>,
): readonly InputIssue[] {
  return issues.map((issue) => {
    const vendor = issue as { code?: unknown; type?: unknown };
    const code =
      typeof vendor.code === 'string'
        ? vendor.code
        : typeof vendor.type === 'string'
          ? vendor.type
          : 'invalid';
    return { path: (issue.path ?? []).map(pathKey), message: String(issue.message), code };
  });
}

function toStandardResult<T>(result: StandardSchemaV1.Result<T>): ValidationResult<T> {
  return result.issues
    ? { ok: false, issues: toStandardInputIssues(result.issues) }
    : { ok: true, value: result.value };
}

/**
 * Checks a value against a schema: the one place every input, output, event, state and error's
 * data is validated. Synchronous schemas answer without a promise (the common, fast case). zod
 * schemas go through zod's own `safeParse` (falling back to its async parse for async
 * refinements); any other Standard Schema through its `~standard.validate`.
 */
export function validate<TSchema extends AnySchema>(
  schema: TSchema,
  value: unknown,
): ValidationResult<InferOutput<TSchema>> | Promise<ValidationResult<InferOutput<TSchema>>> {
  type Checked = ValidationResult<InferOutput<TSchema>>;
  if (schema instanceof z.core.$ZodType) {
    try {
      return toResult(z.safeParse(schema, value)) as Checked;
    } catch (error) {
      if (error instanceof z.core.$ZodAsyncError) {
        return z.safeParseAsync(schema, value).then((result) => toResult(result) as Checked);
      }
      throw error;
    }
  }
  type Result = StandardSchemaV1.Result<InferOutput<TSchema>>;
  // A contract's schemas were checked to be whole Standard Schemas when it was made.
  const standard = (schema as unknown as StandardSchemaV1)['~standard'];
  const result = standard.validate(value) as Result | PromiseLike<Result>;
  return isPromiseLike(result)
    ? Promise.resolve(result as PromiseLike<Result>).then(toStandardResult)
    : toStandardResult(result as Result);
}

/** Formats issues as one line for error messages: `text: Too big; room: Required`. */
export function formatIssues(issues: readonly InputIssue[]): string {
  return issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}
