import { isJsonSchema, type JsonSchema } from './JsonSchema.js';
import { type SchemaRefs, schemaRefs } from './schemaRefs.js';

/** TypeScript source standing for a value JSON cannot hold, e.g. `new Date()`. */
export class ExampleCode {
  constructor(
    /** The expression, e.g. `123n`. */
    readonly code: string,
  ) {}
}

/** An example value: JSON, plus {@link ExampleCode} where JSON falls short. */
export type ExampleValue =
  | null
  | boolean
  | number
  | string
  | ExampleCode
  | readonly ExampleValue[]
  | { readonly [key: string]: ExampleValue };

// What to write for parts zod could not convert, by zod type.
const UNREPRESENTABLE_EXAMPLES: Readonly<Record<string, string>> = {
  bigint: '0n',
  date: 'new Date()',
  map: 'new Map()',
  set: 'new Set()',
  symbol: 'Symbol()',
  undefined: 'undefined',
  void: 'undefined',
  nan: 'NaN',
  function: '() => {}',
};

const STRING_FORMATS: Readonly<Record<string, string>> = {
  email: 'ada@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
  uuid: '3f2c1a9e-6b1d-4c8e-9f3a-2d5b7c4e1a6f',
  'date-time': '2024-01-01T12:00:00Z',
  date: '2024-01-01',
  time: '12:00:00',
  duration: 'P1D',
  ipv4: '127.0.0.1',
  ipv6: '::1',
};

/**
 * A plausible value for a schema, for usage snippets: its `examples`/`default` when declared,
 * else the smallest value that fits (required properties only, empty arrays where recursion
 * would never end). `undefined` when no finite value fits.
 */
export function exampleValue(schema: JsonSchema): ExampleValue | undefined {
  return example(schema, schemaRefs(schema, '#'), []);
}

function example(
  schema: unknown,
  refs: SchemaRefs,
  expanding: readonly string[],
): ExampleValue | undefined {
  if (schema === true) return null;
  if (!isJsonSchema(schema)) return undefined;
  const unrepresentable = schema['x-zod-type'];
  if (typeof schema['x-unrepresentable'] === 'string') {
    return new ExampleCode(
      UNREPRESENTABLE_EXAMPLES[unrepresentable ?? ''] ??
        `undefined as never /* ${unrepresentable ?? 'value'} */`,
    );
  }
  if (Array.isArray(schema.examples) && schema.examples.length > 0)
    return schema.examples[0] as ExampleValue;
  if (schema.default !== undefined) return schema.default as ExampleValue;
  if ('const' in schema) return schema.const as ExampleValue;
  if (Array.isArray(schema.enum)) return schema.enum[0] as ExampleValue;
  if (typeof schema.$ref === 'string') {
    const target = refs.targets.get(schema.$ref);
    if (!target || expanding.includes(schema.$ref)) return undefined;
    return example(target, refs, [...expanding, schema.$ref]);
  }
  const union = schema.anyOf ?? schema.oneOf;
  if (union) {
    // Prefer a real value over `null`, and any option that terminates over one that recurses.
    const options = [...union].sort(
      (a, b) => Number(a.type === 'null') - Number(b.type === 'null'),
    );
    for (const option of options) {
      const value = example(option, refs, expanding);
      if (value !== undefined) return value;
    }
    return undefined;
  }
  if (schema.allOf) {
    let merged: { [key: string]: ExampleValue } = {};
    for (const part of schema.allOf) {
      const value = example(part, refs, expanding);
      if (value === undefined) return undefined;
      if (isRecord(value)) merged = { ...merged, ...value };
      else return value;
    }
    return merged;
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return STRING_FORMATS[String(schema.format)] ?? stringOfLength(schema);
    case 'number':
    case 'integer':
      return numberIn(schema);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return arrayExample(schema, refs, expanding);
    case 'object':
      return objectExample(schema, refs, expanding);
    default:
      return schema.properties ? objectExample(schema, refs, expanding) : null;
  }
}

function stringOfLength(schema: JsonSchema): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  return '…'.padEnd(Math.max(1, min), '…');
}

function numberIn(schema: JsonSchema): number {
  const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const step = schema.type === 'integer' ? 1 : 0.5;
  let value = num(schema.minimum) ?? 0;
  const exclusiveMinimum = num(schema.exclusiveMinimum);
  if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) value = exclusiveMinimum + step;
  const maximum = num(schema.maximum);
  if (maximum !== undefined && value > maximum) value = maximum;
  const exclusiveMaximum = num(schema.exclusiveMaximum);
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) value = exclusiveMaximum - step;
  return schema.type === 'integer' ? Math.ceil(value) : value;
}

function arrayExample(
  schema: JsonSchema,
  refs: SchemaRefs,
  expanding: readonly string[],
): ExampleValue | undefined {
  const tuple = schema.prefixItems ?? (Array.isArray(schema.items) ? schema.items : undefined);
  if (tuple) {
    const values: ExampleValue[] = [];
    for (const member of tuple) {
      const value = example(member, refs, expanding);
      if (value === undefined) return undefined;
      values.push(value);
    }
    return values;
  }
  const item = example(schema.items, refs, expanding);
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  if (item === undefined) return min === 0 ? [] : undefined;
  return Array.from({ length: Math.max(1, Math.min(min, 3)) }, () => item);
}

function objectExample(
  schema: JsonSchema,
  refs: SchemaRefs,
  expanding: readonly string[],
): ExampleValue | undefined {
  const value: { [key: string]: ExampleValue } = {};
  for (const name of schema.required ?? []) {
    const property = schema.properties?.[name];
    const propertyValue = property === undefined ? null : example(property, refs, expanding);
    if (propertyValue === undefined) return undefined;
    value[name] = propertyValue;
  }
  return value;
}

function isRecord(value: ExampleValue): value is { readonly [key: string]: ExampleValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof ExampleCode)
  );
}

/**
 * Writes an example value as a TypeScript expression: unquoted keys where possible,
 * single-quoted strings, short objects on one line.
 */
export function formatExample(value: ExampleValue, indent = ''): string {
  if (value instanceof ExampleCode) return value.code;
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = (value as readonly ExampleValue[]).map((item) => formatExample(item, inner));
    return oneLineOrMany('[', ']', items, indent);
  }
  const entries = Object.entries(value as { readonly [key: string]: ExampleValue }).map(
    ([key, item]) =>
      `${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key)}: ${formatExample(item, inner)}`,
  );
  return entries.length === 0 ? '{}' : oneLineOrMany('{ ', ' }', entries, indent);
}

function oneLineOrMany(open: string, close: string, items: string[], indent: string): string {
  const line = `${open}${items.join(', ')}${close}`;
  if (line.length <= 60 && !line.includes('\n')) return line;
  return `${open.trim()}\n${items.map((item) => `${indent}  ${item},`).join('\n')}\n${indent}${close.trim()}`;
}

function quote(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${escaped}'`;
}
