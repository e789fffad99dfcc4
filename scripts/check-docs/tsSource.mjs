// Reads declarations out of the packages' TypeScript sources with the TypeScript compiler's
// parser: exported names, the keys of an `as const` object, the members of an options interface.
// Syntax only (no type checker), so it takes milliseconds, and follows imports, re-exports and
// `extends` clauses from file to file as the compiler would.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/** Parses a TypeScript file (cached per path). */
const cache = new Map();
export function parseFile(file) {
  let source = cache.get(file);
  if (!source) {
    source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    cache.set(file, source);
  }
  return source;
}

/** The file a relative module specifier (`./codes.js`) of `from` points at, or undefined. */
function resolveRelative(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function hasExportModifier(node) {
  return ts.getModifiers?.(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

/**
 * The names a module exports, each with the file and local name it is declared under:
 * `export { a, b as c } from`, `export type *`, `export *`, and exported declarations.
 * @returns {Map<string, { file: string, local: string }>}
 */
export function exportsOf(file, seen = new Set()) {
  const names = new Map();
  if (seen.has(file)) return names;
  seen.add(file);
  const source = parseFile(file);
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier?.text;
      const target = specifier ? (resolveRelative(file, specifier) ?? specifier) : file;
      if (!statement.exportClause) {
        // `export * from` / `export type * from`: everything the target exports.
        if (target.endsWith('.ts') || target.endsWith('.tsx')) {
          for (const [name, origin] of exportsOf(target, seen)) names.set(name, origin);
        }
        continue;
      }
      if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          names.set(element.name.text, {
            file: target,
            local: (element.propertyName ?? element.name).text,
          });
        }
      }
    } else if (hasExportModifier(statement)) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name)) {
            names.set(declaration.name.text, { file, local: declaration.name.text });
          }
        }
      } else if (statement.name && ts.isIdentifier(statement.name)) {
        names.set(statement.name.text, { file, local: statement.name.text });
      }
    }
  }
  return names;
}

/** The top-level declaration named `name` in `file`, following imports; or undefined. */
export function findDeclaration(file, name, depth = 0) {
  if (depth > 10) return undefined;
  const source = parseFile(file);
  for (const statement of source.statements) {
    if (
      (ts.isInterfaceDeclaration(statement) ||
        ts.isFunctionDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isClassDeclaration(statement)) &&
      statement.name?.text === name
    ) {
      return { file, node: statement };
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) {
          return { file, node: declaration };
        }
      }
    }
  }
  // Not declared here: an import, or a re-export, of that name.
  for (const statement of source.statements) {
    const specifier = statement.moduleSpecifier?.text;
    const target = specifier && resolveRelative(file, specifier);
    if (!target) continue;
    if (ts.isImportDeclaration(statement)) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (element.name.text === name) {
            return findDeclaration(target, (element.propertyName ?? element.name).text, depth + 1);
          }
        }
      }
    }
  }
  const exported = exportsOf(file).get(name);
  if (exported && exported.file !== file && existsSync(exported.file)) {
    return findDeclaration(exported.file, exported.local, depth + 1);
  }
  return undefined;
}

/** The keys and values (as source text) of `export const NAME = { … } as const` in `file`. */
export function constObjectEntries(file, name) {
  const found = findDeclaration(file, name);
  let init = found && ts.isVariableDeclaration(found.node) ? found.node.initializer : undefined;
  while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)))
    init = init.expression;
  if (!init || !ts.isObjectLiteralExpression(init)) {
    throw new Error(`${file}: ${name} is not an object literal`);
  }
  return init.properties.map((property) => {
    if (!ts.isPropertyAssignment(property) || ts.isComputedPropertyName(property.name)) {
      throw new Error(`${file}: ${name} has an entry that is not \`key: value\``);
    }
    return [property.name.getText(), property.initializer.getText().replace(/^['"]|['"]$/g, '')];
  });
}

/**
 * The property names of interface `name` declared in (or imported into) `file`, with those of the
 * interfaces it extends.
 */
export function interfaceMembers(file, name) {
  const found = findDeclaration(file, name);
  if (!found || !ts.isInterfaceDeclaration(found.node)) {
    throw new Error(`${file}: ${name} is not an interface (the options check reads interfaces)`);
  }
  const members = new Set();
  for (const clause of found.node.heritageClauses ?? []) {
    for (const type of clause.types) {
      for (const member of interfaceMembers(found.file, type.expression.getText())) {
        members.add(member);
      }
    }
  }
  for (const member of found.node.members) {
    if (member.name && (ts.isPropertySignature(member) || ts.isMethodSignature(member))) {
      members.add(member.name.getText().replace(/^['"]|['"]$/g, ''));
    }
  }
  return [...members];
}

/**
 * The option names of function `fn` exported by the module `indexFile`: the members of the
 * interface its `options` parameter is typed with.
 */
export function optionsOf(indexFile, fn) {
  const exported = exportsOf(indexFile).get(fn);
  const found = exported && findDeclaration(exported.file, exported.local);
  if (!found || !ts.isFunctionDeclaration(found.node)) {
    throw new Error(`${indexFile}: ${fn} is not an exported function`);
  }
  const parameter = found.node.parameters.find((p) => p.name.getText() === 'options');
  const type = parameter?.type;
  if (!type || !ts.isTypeReferenceNode(type)) {
    throw new Error(`${found.file}: ${fn} has no \`options\` parameter typed by an interface`);
  }
  return {
    file: found.file,
    interface: type.typeName.getText(),
    names: interfaceMembers(found.file, type.typeName.getText()),
  };
}
