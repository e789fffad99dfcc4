import type { AnySchema } from '@wirecall/core';
import { z } from 'zod';
import type {
  ConvertedSchema,
  ConvertSchemaOptions,
  UnrepresentablePart,
} from './convertedSchema.js';
import { convertStandardSchema } from './convertStandardSchema.js';
import type { JsonSchema } from './JsonSchema.js';

export type {
  ConvertedSchema,
  ConvertSchemaOptions,
  UnrepresentablePart,
} from './convertedSchema.js';

// Zod types without a JSON Schema form. Only consulted when the installed zod predates
// `unrepresentable` handlers and silently writes `{}` for them.
const UNREPRESENTABLE_TYPES = new Set([
  'bigint',
  'symbol',
  'undefined',
  'void',
  'date',
  'nan',
  'custom',
  'function',
  'transform',
  'map',
  'set',
]);

/**
 * Converts a zod schema with zod's own `z.toJSONSchema`, never dropping what it cannot express:
 * such parts become `{ "x-unrepresentable": reason, "x-zod-type": type }` and are listed. A
 * schema of another Standard Schema validator is described through the JSON Schema it exposes
 * (see {@link convertStandardSchema}), or marked as having none.
 * @example
 * convertSchema(z.object({ at: z.date() }), { io: 'output' }).unrepresentable;
 * // [{ path: '.at', reason: 'Date cannot be represented in JSON Schema', zodType: 'date' }]
 */
export function convertSchema(schema: AnySchema, options: ConvertSchemaOptions): ConvertedSchema {
  if (!(schema instanceof z.core.$ZodType)) return convertStandardSchema(schema, options);
  const topType = schema._zod.def.type;
  if (topType === 'void' || topType === 'undefined') {
    return { jsonSchema: {}, absent: true, unrepresentable: [] };
  }
  const parts: UnrepresentablePart[] = [];
  const mark = (zodType: string, path: readonly (string | number)[], reason: string) => {
    parts.push({ path: formatSchemaPath(path), reason, zodType });
    return { 'x-unrepresentable': reason, 'x-zod-type': zodType };
  };
  try {
    const converted = z.toJSONSchema(schema, {
      io: options.io,
      target: options.target ?? 'draft-2020-12',
      unrepresentable: ({ zodSchema, path, message }) =>
        mark(zodSchema._zod.def.type, path, message),
      override: ({ zodSchema, jsonSchema, path }) => {
        const type = zodSchema._zod.def.type;
        if (
          UNREPRESENTABLE_TYPES.has(type) &&
          !('x-unrepresentable' in jsonSchema) &&
          Object.keys(jsonSchema).every((key) => key === 'description')
        ) {
          Object.assign(
            jsonSchema,
            mark(type, path, `${type} cannot be represented in JSON Schema`),
          );
        }
      },
    });
    const { $schema: _dialect, ...jsonSchema } = converted as JsonSchema;
    return { jsonSchema, absent: false, unrepresentable: parts };
  } catch (error) {
    // Anything else zod refuses (an unsupported check, a broken template literal…) marks the
    // whole schema, so the docs still show the procedure and say why its schema is missing.
    const reason = error instanceof Error ? error.message : String(error);
    const whole = { path: '', reason, zodType: topType };
    return {
      jsonSchema: { 'x-unrepresentable': reason, 'x-zod-type': topType },
      absent: false,
      unrepresentable: [whole],
    };
  }
}

/** Turns a JSON Schema location (`['properties', 'a', 'items']`) into a readable one (`.a[]`). */
export function formatSchemaPath(path: readonly (string | number)[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const next = path[i + 1];
    switch (segment) {
      case 'properties':
        out += next === undefined ? '' : `.${String(next)}`;
        i++;
        break;
      case 'items':
      case 'prefixItems':
        if (typeof next === 'number') {
          out += `[${next}]`;
          i++;
        } else {
          out += '[]';
        }
        break;
      case 'additionalProperties':
        out += '[key]';
        break;
      case 'anyOf':
      case 'oneOf':
      case 'allOf':
        out += ` (variant ${typeof next === 'number' ? next + 1 : '?'})`;
        i++;
        break;
      case '$defs':
      case 'definitions':
        out += `<${String(next)}>`;
        i++;
        break;
      default:
        out += `/${String(segment)}`;
    }
  }
  return out;
}
