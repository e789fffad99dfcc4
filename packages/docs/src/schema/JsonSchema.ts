/**
 * A JSON Schema as zod's `z.toJSONSchema` writes it. Only the keywords the renderers read are
 * spelled out; everything else passes through untouched.
 */
export interface JsonSchema {
  /** Any other keyword (`minLength`, `format`, `title`, …). */
  readonly [keyword: string]: unknown;
  /** Reference to another schema: `#` (the root) or `#/$defs/Name`. */
  readonly $ref?: string;
  /** Primitive type, or several for a nullable one. */
  readonly type?: string | readonly string[];
  /** From `.describe()` or `.meta({ description })`. */
  readonly description?: string;
  /** Schemas of an object's properties, by name. */
  readonly properties?: { readonly [name: string]: JsonSchema };
  /** Names of the properties that must be present. */
  readonly required?: readonly string[];
  /** Schema of keys not in `properties`, or whether they are allowed. */
  readonly additionalProperties?: boolean | JsonSchema;
  /** Schema of every item, or (draft-07) of each tuple position. */
  readonly items?: JsonSchema | readonly JsonSchema[];
  /** Schemas of a tuple's positions (draft 2020-12). */
  readonly prefixItems?: readonly JsonSchema[];
  /** A union: the value matches at least one. */
  readonly anyOf?: readonly JsonSchema[];
  /** A discriminated union: the value matches exactly one. */
  readonly oneOf?: readonly JsonSchema[];
  /** An intersection: the value matches all. */
  readonly allOf?: readonly JsonSchema[];
  /** The allowed values. */
  readonly enum?: readonly unknown[];
  /** The only allowed value. */
  readonly const?: unknown;
  /** Value used when the input leaves it out. */
  readonly default?: unknown;
  /** Example values, from `.meta({ examples })`. */
  readonly examples?: readonly unknown[];
  /** Named definitions (draft 2020-12), e.g. for recursive schemas. */
  readonly $defs?: { readonly [name: string]: JsonSchema };
  /** Named definitions (draft-07). */
  readonly definitions?: { readonly [name: string]: JsonSchema };
  /** Set by wirecall on a part zod could not convert: zod's reason. */
  readonly 'x-unrepresentable'?: string;
  /** Set by wirecall on a part zod could not convert: the zod type, e.g. `bigint`. */
  readonly 'x-zod-type'?: string;
}

/** Whether a value is a JSON Schema object (and not `true`/`false` or a primitive). */
export function isJsonSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
