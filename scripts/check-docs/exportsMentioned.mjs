// Every public export of each package is mentioned in the package's README or in a guide.
import { existsSync, readdirSync } from 'node:fs';
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
  return packages.flatMap(({ name, exports, readme }) => {
    const missing = unmentioned(exports, readme === undefined ? guides : [readme, ...guides]);
    if (missing.length === 0) return [];
    const where = readme === undefined ? 'a guide' : `packages/${name}/README.md or a guide`;
    return [
      `packages/${name}/src/index.ts: ${missing.length} exports are not mentioned in ${where} ` +
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

/** {@link unmentionedExports} and {@link staleIndexEntries} for the repository at `root`. */
export function checkExports(root, readText, guidePages) {
  const packages = readdirSync(join(root, 'packages'))
    .filter((name) => existsSync(join(root, 'packages', name, 'src', 'index.ts')))
    .sort()
    .map((name) => {
      const readmePath = `packages/${name}/README.md`;
      return {
        name,
        exports: [...exportsOf(join(root, 'packages', name, 'src', 'index.ts')).keys()].sort(),
        readme: existsSync(join(root, readmePath)) ? readText(readmePath) : undefined,
      };
    });
  return [
    ...unmentionedExports(packages, guidePages.map(readText)),
    ...staleIndexEntries(readText(API_INDEX), packages),
  ];
}
