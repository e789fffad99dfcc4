import { isJsonSchema, type JsonSchema } from '../schema/JsonSchema.js';
import { schemaRefs } from '../schema/schemaRefs.js';

const COMPONENT = '#/components/schemas/';

/**
 * Moves a standalone draft-07 schema into `components.schemas` under `name`, its definitions
 * beside it as `name.Def`, and points every local `$ref` (`#`, `#/definitions/…`) at them, since
 * inside an AsyncAPI document `#` means the document. Returns the `$ref` to the schema.
 */
export function hoistSchema(
  schema: JsonSchema,
  name: string,
  into: Record<string, JsonSchema>,
): JsonSchema {
  const refs = schemaRefs(schema, name);
  const targets = new Map<string, string>();
  for (const [ref, display] of refs.names) {
    targets.set(ref, ref === '#' ? `${COMPONENT}${name}` : `${COMPONENT}${name}.${display}`);
  }
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isJsonSchema(node)) return node;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      copy[key] =
        key === '$ref' && typeof value === 'string'
          ? (targets.get(value) ?? value)
          : rewrite(value);
    }
    return copy;
  };
  // Only the root holds definitions; a property may well be called `definitions`.
  const { definitions: _definitions, $defs: _defs, ...root } = schema;
  into[name] = rewrite(root) as JsonSchema;
  for (const [ref, display] of refs.names) {
    const target = refs.targets.get(ref);
    if (ref !== '#' && target) into[`${name}.${display}`] = rewrite(target) as JsonSchema;
  }
  return { $ref: `${COMPONENT}${name}` };
}
