import type { JsonSchema } from './JsonSchema.js';

/** The named definitions of a converted schema and the display name of each `$ref`. */
export interface SchemaRefs {
  /** `$ref` value (`#`, `#/$defs/__schema0`) to a TypeScript-like name (`Input`, `Schema0`). */
  readonly names: ReadonlyMap<string, string>;
  /** `$ref` value to the schema it points at. */
  readonly targets: ReadonlyMap<string, JsonSchema>;
}

/**
 * Names the definitions of a schema for display: a definition's `title` or key in PascalCase
 * (`__schema0` becomes `Schema0`), and the root, which recursion can reach as `#`, `rootName`.
 */
export function schemaRefs(schema: JsonSchema, rootName: string): SchemaRefs {
  const names = new Map<string, string>([['#', rootName]]);
  const targets = new Map<string, JsonSchema>([['#', schema]]);
  const taken = new Set([rootName]);
  for (const [keyword, defs] of [
    ['$defs', schema.$defs],
    ['definitions', schema.definitions],
  ] as const) {
    for (const [key, def] of Object.entries(defs ?? {})) {
      const wanted = toTypeName(typeof def.title === 'string' ? def.title : key);
      let name = wanted;
      for (let n = 2; taken.has(name); n++) name = `${wanted}${n}`;
      taken.add(name);
      const ref = `#/${keyword}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      names.set(ref, name);
      targets.set(ref, def);
    }
  }
  return { names, targets };
}

function toTypeName(raw: string): string {
  const words = raw.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return /^[A-Za-z]/.test(name) ? name : `T${name}`;
}
