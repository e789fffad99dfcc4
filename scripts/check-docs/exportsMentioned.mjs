// Every public export of each package is mentioned in the package's README or in a guide.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstColumn, mentions, section } from './markdown.mjs';
import { exportsOf } from './tsSource.mjs';

/**
 * The exported names that no page mentions (as a whole word, in prose or code).
 * @param {string[]} names what the package exports
 * @param {string[]} texts the pages that count: the package's README and the guides
 */
export function unmentioned(names, texts) {
  return names.filter((name) => !texts.some((text) => mentions(text, name)));
}

/**
 * One problem per package with exports no page mentions, listing them all, so whoever adds an
 * export sees at once what to document.
 * @param {Array<{ name: string, exports: string[], readme: string | undefined }>} packages
 * @param {string[]} guides the guides' Markdown
 */
export function unmentionedExports(packages, guides) {
  return packages.flatMap(({ name, exports, readme, source }) => {
    const missing = unmentioned(exports, readme === undefined ? guides : [readme, ...guides]);
    if (missing.length === 0) return [];
    const folder = name.split('/')[0];
    const where = readme === undefined ? 'a guide' : `packages/${folder}/README.md or a guide`;
    return [
      `packages/${source ?? `${name}/src/index.ts`}: ${missing.length} exports are not mentioned in ${where} ` +
        `(docs/api-index.md lists every export by package): ${missing.join(', ')}`,
    ];
  });
}

/** The page that lists every export by package, in a table under a `## \`@wirecall/NAME\`` heading each. */
export const API_INDEX = 'docs/api-index.md';

/**
 * Rows of the API index that name no export of their package (renamed, removed or moved), so the
 * index cannot keep what the code no longer has.
 * @param {string} index the index's Markdown
 * @param {Array<{ name: string, exports: string[] }>} packages
 */
export function staleIndexEntries(index, packages, page = API_INDEX) {
  return packages.flatMap(({ name, exports }) => {
    const rows = firstColumn(section(index, `\`@wirecall/${name}\``) ?? []);
    return rows
      .filter((row) => !exports.includes(row))
      .map(
        (row) => `${page}: \`${row}\` is listed under @wirecall/${name}, which does not export it`,
      );
  });
}

/**
 * A package's entry points other than `.` (`./bun` → `src/bun.ts`), from the source condition of
 * its `exports` map: each is checked like a package of its own, named `server/bun`. `./internal`
 * is left out: it is for the sibling packages, not for users.
 */
function subpathEntries(root, name) {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
  return Object.entries(manifest.exports ?? {}).flatMap(([key, target]) => {
    const source = typeof target === 'object' ? target['@wirecall/source'] : undefined;
    if (key === '.' || key === './internal' || typeof source !== 'string') return [];
    return [{ name: `${name}/${key.slice(2)}`, file: source.slice(2) }];
  });
}

/** {@link unmentionedExports} and {@link staleIndexEntries} for the repository at `root`. */
export function checkExports(root, readText, guidePages) {
  const packages = readdirSync(join(root, 'packages'))
    .filter((name) => existsSync(join(root, 'packages', name, 'src', 'index.ts')))
    .sort()
    .flatMap((name) => {
      const readmePath = `packages/${name}/README.md`;
      const readme = existsSync(join(root, readmePath)) ? readText(readmePath) : undefined;
      const entries = [{ name, file: 'src/index.ts' }, ...subpathEntries(root, name)];
      return entries.map((entry) => ({
        name: entry.name,
        exports: [...exportsOf(join(root, 'packages', name, entry.file)).keys()].sort(),
        readme,
        source: entry.file === 'src/index.ts' ? undefined : `${name}/${entry.file}`,
      }));
    });
  return [
    ...unmentionedExports(packages, guidePages.map(readText)),
    ...staleIndexEntries(readText(API_INDEX), packages),
  ];
}
