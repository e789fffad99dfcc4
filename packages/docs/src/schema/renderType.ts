import { isJsonSchema, type JsonSchema } from './JsonSchema.js';
import { type SchemaRefs, schemaRefs } from './schemaRefs.js';

/** Options of {@link renderType}. */
export interface RenderTypeOptions {
  /** Name of the whole schema when it refers to itself, e.g. `Input`. */
  readonly rootName: string;
}

const CONSTRAINTS = [
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'default',
] as const;

// A guess at the TypeScript type of what zod could not convert, so the type stays readable.
const UNREPRESENTABLE_TS: Readonly<Record<string, string>> = {
  bigint: 'bigint',
  date: 'Date',
  map: 'Map<unknown, unknown>',
  set: 'Set<unknown>',
  symbol: 'symbol',
  undefined: 'undefined',
  void: 'void',
  nan: 'number',
  function: '(...args: unknown[]) => unknown',
};

/**
 * Renders a JSON Schema as a TypeScript-like type: objects as `{ name?: T }` with descriptions as
 * comments, unions with `|`, recursion through named `type` declarations listed after the root.
 * @example
 * renderType({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, { rootName: 'Input' });
 * // '{\n  id: string;\n}'
 */
export function renderType(schema: JsonSchema, options: RenderTypeOptions): string {
  const refs = schemaRefs(schema, options.rootName);
  const state: RenderState = { refs, selfReferenced: false };
  const body = render(schema, '', state);
  const blocks: string[] = [];
  if (state.selfReferenced) {
    // The root's own description is shown by the page beside the type, not repeated here.
    blocks.push(`type ${options.rootName} = ${body};`);
  } else {
    blocks.push(body);
  }
  for (const [ref, name] of refs.names) {
    const target = refs.targets.get(ref);
    if (ref === '#' || !target) continue;
    blocks.push(
      `${leadingComment(docText(target), '')}type ${name} = ${render(target, '', state)};`,
    );
  }
  return blocks.join('\n\n');
}

interface RenderState {
  readonly refs: SchemaRefs;
  selfReferenced: boolean;
}

function render(schema: unknown, indent: string, state: RenderState): string {
  if (schema === true) return 'unknown';
  if (schema === false) return 'never';
  if (!isJsonSchema(schema)) return 'unknown';
  const unrepresentable = schema['x-unrepresentable'];
  if (typeof unrepresentable === 'string') {
    const guess = UNREPRESENTABLE_TS[schema['x-zod-type'] ?? ''] ?? 'unknown';
    return `${guess} /* ⚠ unrepresentable: ${commentText(unrepresentable)} */`;
  }
  if (typeof schema.$ref === 'string') {
    if (schema.$ref === '#') state.selfReferenced = true;
    return state.refs.names.get(schema.$ref) ?? `unknown /* $ref ${commentText(schema.$ref)} */`;
  }
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ') || 'never';
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((member) => wrap(render(member, indent, state), '&')).join(' | ');
  if (schema.allOf)
    return schema.allOf.map((member) => wrap(render(member, indent, state), '|')).join(' & ');
  if (Array.isArray(schema.type)) {
    return schema.type
      .map((type: string) => render({ ...schema, type }, indent, state))
      .join(' | ');
  }
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return renderArray(schema, indent, state);
    case 'object':
      return renderObject(schema, indent, state);
    default:
      if (schema.properties) return renderObject(schema, indent, state);
      if (isJsonSchema(schema.not) && Object.keys(schema.not).length === 0) return 'never';
      return 'unknown';
  }
}

function renderArray(schema: JsonSchema, indent: string, state: RenderState): string {
  const tuple = schema.prefixItems ?? (Array.isArray(schema.items) ? schema.items : undefined);
  if (tuple) {
    const members = tuple.map((member) => render(member, indent, state));
    const rest = schema.prefixItems && isJsonSchema(schema.items) ? schema.items : undefined;
    if (rest) members.push(`...${wrap(render(rest, indent, state), '|&')}[]`);
    return `[${members.join(', ')}]`;
  }
  if (schema.items === undefined) return 'unknown[]';
  return `${wrap(render(schema.items, indent, state), '|&')}[]`;
}

function renderObject(schema: JsonSchema, indent: string, state: RenderState): string {
  const inner = `${indent}  `;
  const required = new Set(schema.required ?? []);
  const lines: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const optional = required.has(name) ? '' : '?';
    const type = render(property, inner, state);
    const note = constraints(property);
    lines.push(
      `${leadingComment(docText(property), inner)}${inner}${propertyKey(name)}${optional}: ${type};${note}`,
    );
  }
  const extra = schema.additionalProperties;
  if (isJsonSchema(extra)) {
    const keys = isJsonSchema(schema.propertyNames)
      ? render(schema.propertyNames, inner, state)
      : 'string';
    const values = render(extra, inner, state);
    if (lines.length === 0) return `Record<${keys}, ${values}>`;
    lines.push(`${inner}[key: string]: ${values};`);
  } else if (lines.length === 0) {
    return extra === false ? '{}' : 'Record<string, unknown>';
  }
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function constraints(schema: JsonSchema): string {
  const notes: string[] = schema.type === 'integer' ? ['integer'] : [];
  for (const keyword of CONSTRAINTS) {
    const value = schema[keyword];
    // zod bounds every `.int()` by the safe integers; saying so on each field is noise.
    if (
      value === undefined ||
      (schema.type === 'integer' && Math.abs(Number(value)) === Number.MAX_SAFE_INTEGER)
    ) {
      continue;
    }
    notes.push(`${keyword}: ${JSON.stringify(value)}`);
  }
  return notes.length === 0 ? '' : ` // ${commentText(notes.join(', '))}`;
}

/** What `.describe()` and `.meta()` say about a schema: title, description, deprecation, examples. */
function docText(schema: JsonSchema): string {
  const lines: string[] = [];
  if (typeof schema.title === 'string' && schema.title !== schema.description)
    lines.push(schema.title);
  if (schema.description) lines.push(schema.description);
  if (schema.deprecated === true) lines.push('@deprecated');
  for (const example of (schema.examples ?? []).slice(0, 3)) {
    lines.push(`@example ${JSON.stringify(example)}`);
  }
  return lines.join('\n');
}

function leadingComment(text: string | undefined, indent: string): string {
  if (!text) return '';
  const lines = commentText(text).split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line}`).join('\n')}\n${indent} */\n`;
}

/** Keeps user text from closing the comment it is shown in. */
function commentText(text: string): string {
  return text.replaceAll('*/', '*\\/').replace(/\r\n?/g, '\n');
}

function literal(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Parenthesises a member whose top level contains one of `operators` (`|`, `&`). */
function wrap(type: string, operators: string): string {
  let depth = 0;
  for (let i = 0; i < type.length; i++) {
    const char = type[i]!;
    if ('{[(<'.includes(char)) depth++;
    else if ('}])>'.includes(char)) depth--;
    else if (depth === 0 && operators.includes(char) && type[i - 1] === ' ') return `(${type})`;
  }
  return type;
}
