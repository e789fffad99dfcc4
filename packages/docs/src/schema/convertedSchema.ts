import type { JsonSchema } from './JsonSchema.js';

/** A part of a zod schema that JSON Schema cannot express, e.g. a `z.bigint()` field. */
export interface UnrepresentablePart {
  /** Where in the schema, e.g. `.user.createdAt`, or `` for the whole schema. */
  readonly path: string;
  /** Why, in zod's words, e.g. `Date cannot be represented in JSON Schema`. */
  readonly reason: string;
  /** The zod type, e.g. `date`, `custom`, `transform`; for another validator, its vendor name. */
  readonly zodType: string;
}

/** A schema turned into JSON Schema, with whatever could not be turned. */
export interface ConvertedSchema {
  /** The JSON Schema, without `$schema`; unrepresentable parts carry `x-unrepresentable`. */
  readonly jsonSchema: JsonSchema;
  /** Whether the schema is `z.void()` or `z.undefined()`: no value travels at all. */
  readonly absent: boolean;
  /** Every part that JSON Schema cannot express; empty when the conversion is faithful. */
  readonly unrepresentable: readonly UnrepresentablePart[];
}

/** Options of `convertSchema`. */
export interface ConvertSchemaOptions {
  /** Convert what is parsed (`input`) or what parsing returns (`output`). */
  readonly io: 'input' | 'output';
  /** JSON Schema dialect. @default 'draft-2020-12' */
  readonly target?: 'draft-2020-12' | 'draft-07';
}
