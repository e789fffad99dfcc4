// Every built-in error code and close code has its entry in the errors guide.
import { join } from 'node:path';
import { section } from './markdown.mjs';
import { constObjectEntries } from './tsSource.mjs';

/** Where the codes are declared and documented, relative to the repository's root. */
export const CODE_SOURCES = {
  guide: 'docs/errors.md',
  errorCodes: { file: 'packages/core/src/errors/codes.ts', name: 'ErrorCode' },
  closeCodes: { file: 'packages/core/src/protocol/closeCodes.ts', name: 'CloseCode' },
};

/**
 * What the errors guide lacks: each error code needs a `### \`CODE\`` heading under
 * "Built-in codes", each close code a row of the "Close codes" table with its number and name.
 * @param {string} guide the guide's Markdown
 * @param {string[]} errorCodes
 * @param {Array<[string, string]>} closeCodes name and number
 */
export function missingCodes(guide, errorCodes, closeCodes, page = CODE_SOURCES.guide) {
  const problems = [];
  const builtins = section(guide, 'Built-in codes');
  if (!builtins) problems.push(`${page}: no "Built-in codes" section`);
  for (const code of errorCodes) {
    if (builtins && !builtins.some((line) => line.trim() === `### \`${code}\``)) {
      problems.push(`${page}: built-in error code ${code} has no "### \`${code}\`" entry`);
    }
  }
  const closes = section(guide, 'Close codes');
  if (!closes) problems.push(`${page}: no "Close codes" section`);
  for (const [name, value] of closeCodes) {
    const row = closes?.find((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      return cells.includes(value) && cells.includes(`\`${name}\``);
    });
    if (closes && !row)
      problems.push(`${page}: close code ${value} ${name} has no row in "Close codes"`);
  }
  return problems;
}

/** {@link missingCodes} for the repository at `root`. */
export function checkCodes(root, readText) {
  const { guide, errorCodes, closeCodes } = CODE_SOURCES;
  return missingCodes(
    readText(guide),
    constObjectEntries(join(root, errorCodes.file), errorCodes.name).map(([key]) => key),
    constObjectEntries(join(root, closeCodes.file), closeCodes.name),
  );
}
