/**
 * The Standard Schema v1 interface (standardschema.dev): what a contract takes as a schema.
 * zod 4 schemas implement it (zod stays the documented path, and the default where a schema is
 * left out); so do valibot, ArkType and Effect Schema (through `Schema.standardSchemaV1`).
 * Declared here rather than imported: a handful of types that every such validator matches
 * structurally, so core needs no dependency for it.
 */
export interface StandardSchemaV1<TInput = unknown, TOutput = TInput> {
  /** The Standard Schema properties. */
  readonly '~standard': StandardSchemaV1.Props<TInput, TOutput>;
}

/** The types of the Standard Schema v1 interface. */
export declare namespace StandardSchemaV1 {
  /** What a Standard Schema exposes under `~standard`. */
  interface Props<TInput = unknown, TOutput = TInput> {
    /** The version of the standard: 1. */
    readonly version: 1;
    /** The validator library, e.g. `zod`, `valibot`, `arktype`. */
    readonly vendor: string;
    /** Checks an untrusted value. */
    readonly validate: (
      value: unknown,
      options?: Options | undefined,
    ) => Result<TOutput> | Promise<Result<TOutput>>;
    /** The inferred types (only for type inference: absent at run time). */
    readonly types?: Types<TInput, TOutput> | undefined;
  }

  /** Options a validator may take. */
  interface Options {
    /** Vendor-specific parameters. */
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }

  /** The outcome of `validate`. */
  type Result<TOutput> = SuccessResult<TOutput> | FailureResult;

  /** A passed check, with the (possibly transformed) value. */
  interface SuccessResult<TOutput> {
    /** The checked value. */
    readonly value: TOutput;
    /** Absent on success. */
    readonly issues?: undefined;
  }

  /** A failed check. */
  interface FailureResult {
    /** Each problem found. */
    readonly issues: ReadonlyArray<Issue>;
  }

  /** One problem found by `validate`. */
  interface Issue {
    /** Human-readable description. */
    readonly message: string;
    /** Where in the value, as keys or `{ key }` segments. */
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }

  /** One segment of an issue's path. */
  interface PathSegment {
    /** The key of the segment. */
    readonly key: PropertyKey;
  }

  /** The input and output types a schema carries for inference. */
  interface Types<TInput = unknown, TOutput = TInput> {
    /** What the schema takes. */
    readonly input: TInput;
    /** What the schema gives after parsing. */
    readonly output: TOutput;
  }
}

/**
 * What a contract's type parameters take as a schema: anything with a Standard Schema's
 * `~standard` property. Looser than {@link StandardSchemaV1} on purpose: checked against the
 * whole interface (or against `z.ZodType`, as before), every schema's `~standard` members, and
 * with them its input and output types, were computed for the check alone. Typed `unknown`, the
 * property is only looked up, which halved the type instantiations of a contract of 500
 * procedures (`pnpm bench:types`). `query()` and the others check the whole interface at run time.
 */
export interface AnySchema {
  /** The Standard Schema properties (checked at run time, not by the type). */
  readonly '~standard': unknown;
}

/**
 * What a schema takes: for zod, `z.input` (read straight from zod's own type slot, the cheapest
 * path for the checker); for any other Standard Schema, its `~standard` input type. Every
 * contract type reads inputs through this one alias.
 */
export type InferInput<TSchema> = TSchema extends { readonly _zod: { readonly input: unknown } }
  ? TSchema['_zod']['input']
  : TSchema extends StandardSchemaV1
    ? NonNullable<TSchema['~standard']['types']>['input']
    : unknown;

/** What a schema gives after parsing: for zod, `z.output`; for others, the `~standard` output. */
export type InferOutput<TSchema> = TSchema extends { readonly _zod: { readonly output: unknown } }
  ? TSchema['_zod']['output']
  : TSchema extends StandardSchemaV1
    ? NonNullable<TSchema['~standard']['types']>['output']
    : unknown;

/**
 * Whether a value is a Standard Schema v1 validator. ArkType's types are functions, so functions
 * count as well as objects.
 */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const props = (value as { '~standard'?: unknown })['~standard'];
  return (
    typeof props === 'object' &&
    props !== null &&
    (props as { version?: unknown }).version === 1 &&
    typeof (props as { validate?: unknown }).validate === 'function'
  );
}
