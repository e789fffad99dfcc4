import type { AnySchema } from '@wirecall/core';
import type { ConvertedSchema, ConvertSchemaOptions } from './convertedSchema.js';
import type { JsonSchema } from './JsonSchema.js';

/** The Standard JSON Schema converter (`~standard.jsonSchema`, spec v1.1), where a schema has one. */
interface JsonSchemaConverter {
  readonly input?: (options: { readonly target: string }) => Record<string, unknown>;
  readonly output?: (options: { readonly target: string }) => Record<string, unknown>;
}

/** ArkType's own converter: a `toJsonSchema()` method on every type. */
interface HasToJsonSchema {
  toJsonSchema(): Record<string, unknown>;
}

function hasToJsonSchema(schema: unknown): schema is HasToJsonSchema {
  return typeof (schema as Partial<HasToJsonSchema>).toJsonSchema === 'function';
}

/** The converter a schema exposes, and what it is called in a reason. */
function converterOf(
  schema: AnySchema,
  options: ConvertSchemaOptions,
): { readonly name: string; readonly convert: () => Record<string, unknown> } | undefined {
  const target = options.target ?? 'draft-2020-12';
  const standard = (schema['~standard'] as { readonly jsonSchema?: JsonSchemaConverter })
    .jsonSchema;
  const convert = standard?.[options.io];
  if (typeof convert === 'function') {
    return { name: '~standard.jsonSchema', convert: () => convert({ target }) };
  }
  if (hasToJsonSchema(schema))
    return { name: 'toJsonSchema()', convert: () => schema.toJsonSchema() };
  return undefined;
}

/**
 * Describes a schema of another validator than zod (valibot, ArkType, Effect Schema…) through
 * the JSON Schema it exposes itself: the Standard JSON Schema converter (`~standard.jsonSchema`)
 * first, then a `toJsonSchema()` method (ArkType). A schema that exposes neither, or whose
 * converter refuses it, is marked whole as unrepresentable with a reason that says so plainly
 * (for valibot: wrap it with `toStandardJsonSchema` from `@valibot/to-json-schema`).
 */
export function convertStandardSchema(
  schema: AnySchema,
  options: ConvertSchemaOptions,
): ConvertedSchema {
  const vendor = String((schema['~standard'] as { readonly vendor?: unknown }).vendor);
  const converter = converterOf(schema, options);
  if (!converter) {
    return unrepresentable(
      vendor,
      `${vendor} schema exposes no JSON Schema (neither ~standard.jsonSchema nor toJsonSchema()), so its shape is not shown`,
    );
  }
  try {
    const { $schema: _dialect, ...jsonSchema } = converter.convert() as JsonSchema;
    return { jsonSchema, absent: false, unrepresentable: [] };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return unrepresentable(vendor, `${vendor} ${converter.name} refused the schema: ${reason}`);
  }
}

function unrepresentable(vendor: string, reason: string): ConvertedSchema {
  return {
    jsonSchema: { 'x-unrepresentable': reason, 'x-zod-type': vendor },
    absent: false,
    unrepresentable: [{ path: '', reason, zodType: vendor }],
  };
}
