// Checks the guides (docs/*.md) and the READMEs (root, packages and examples) against the code,
// so they cannot drift from it. Each check lives in a module of scripts/check-docs/:
// - snippets: every TypeScript code block type-checks against the workspace packages;
// - links: every relative link points at a file or directory that exists;
// - codes: every built-in error code and close code has its entry in docs/errors.md;
// - options: every option of `createServer` and `createClient` is in its guide's Options table;
// - exportsMentioned: every export of each package's src/index.ts is mentioned in its README or
//   a guide (docs/api-index.md lists them all by package);
// - navigation: every guide is in typedoc's navigation (projectDocuments) exactly once.
// Blocks tagged `run` are also run to completion by scripts/check-docs/test/runBlocks.test.ts.
//
// Info-string attributes after `ts`:
//   file=NAME.ts  names the block's module so later blocks of the same page can import it
//                 (`import { api } from './contract.js'`), as a user's project would.
//   run           the block is a program: it must run with tsx and exit 0 (CI runs it).
//   partial       skips the block: only for deliberately incomplete fragments (prefer complete ones).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCodes } from './check-docs/errorCodes.mjs';
import { checkExports } from './check-docs/exportsMentioned.mjs';
import { brokenLinks } from './check-docs/links.mjs';
import { listGuides, listPages } from './check-docs/markdown.mjs';
import { navigationProblems } from './check-docs/navigation.mjs';
import { checkOptions } from './check-docs/options.mjs';
import { checkSnippets } from './check-docs/snippets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const readText = (path) => readFileSync(join(root, path), 'utf8');
const pages = listPages(root);
const guides = listGuides(root);

/**
 * Pages other branches are writing: links to them are reported, not failed, until they land.
 * Remove an entry once its page exists.
 */
const inProgress = new Set();
const pending = new Set();

/** Each check's problems, by name; a check that throws is a problem of its own. */
const results = [];
function check(name, run) {
  try {
    results.push({ name, problems: run() });
  } catch (error) {
    results.push({ name, problems: [`${name}: could not check: ${error.message}`] });
  }
}

check('links', () =>
  pages.flatMap((page) => brokenLinks(root, page, readText(page), { inProgress, pending })),
);
check('codes', () => checkCodes(root, readText));
check('options', () => checkOptions(root, readText));
check('exports', () => checkExports(root, readText, guides));
check('navigation', () => navigationProblems(JSON.parse(readText('typedoc.json')), guides));
let snippets = { checked: 0, skipped: 0 };
check('snippets', () => {
  // Inside the repository, so imports resolve through the workspace's node_modules.
  snippets = checkSnippets(root, pages, join(root, 'node_modules', '.cache', 'doc-snippets'));
  return snippets.problems;
});

if (pending.size > 0) console.log(`Docs: linked pages not written yet: ${[...pending].join(', ')}`);
const failed = results.filter(({ problems }) => problems.length > 0);
for (const { name, problems } of failed) {
  console.error(`\n${name}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  console.error(problems.join('\n'));
}
if (failed.length > 0) {
  console.error(`\nDocs: ${failed.map(({ name }) => name).join(', ')} failed.`);
  process.exit(1);
}
console.log(
  `Docs: ${snippets.checked} TypeScript blocks type-check (${snippets.skipped} partial, skipped), ` +
    `relative links resolve, error and close codes, server and client options and every ` +
    `package export are documented, and typedoc lists each of ${guides.length} guides once, ` +
    `in ${pages.length} pages.`,
);
