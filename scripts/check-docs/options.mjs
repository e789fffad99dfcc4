// Every option of `createServer` and `createClient` has a row in its guide's options table.
import { join } from 'node:path';
import { firstColumn, section } from './markdown.mjs';
import { optionsOf } from './tsSource.mjs';

/** Which function's options each guide's "Options" table lists. */
export const OPTION_TABLES = [
  { guide: 'docs/server.md', index: 'packages/server/src/index.ts', fn: 'createServer' },
  { guide: 'docs/client.md', index: 'packages/client/src/index.ts', fn: 'createClient' },
];

/**
 * The options missing from the "Options" table of a guide, and the rows naming no option.
 * @param {string} guide the guide's Markdown
 * @param {string[]} names the options the code has
 */
export function missingOptions(guide, names, { page, fn }) {
  const table = section(guide, 'Options');
  if (!table) return [`${page}: no "Options" section for ${fn}`];
  const rows = firstColumn(table);
  return [
    ...names
      .filter((name) => !rows.includes(name))
      .map((name) => `${page}: option \`${name}\` of ${fn} is missing from the Options table`),
    ...rows
      .filter((row) => !names.includes(row))
      .map((row) => `${page}: the Options table lists \`${row}\`, which ${fn} does not have`),
  ];
}

/** {@link missingOptions} for every table of {@link OPTION_TABLES}, in the repository at `root`. */
export function checkOptions(root, readText) {
  return OPTION_TABLES.flatMap(({ guide, index, fn }) =>
    missingOptions(readText(guide), optionsOf(join(root, index), fn).names, { page: guide, fn }),
  );
}
