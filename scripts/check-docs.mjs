// Checks the guides (docs/*.md) and the READMEs (root and packages), so they cannot drift from the code:
// - every TypeScript code block type-checks: each ```ts block becomes a module of its own, compiled
//   with the workspace's tsconfig against the workspace packages; errors point at the Markdown line;
// - every relative link points at a file or directory that exists.
//
// Info-string attributes after `ts`:
//   file=NAME.ts  names the block's module so later blocks of the same page can import it
//                 (`import { api } from './contract.js'`), as a user's project would.
//   partial       skips the block: only for deliberately incomplete fragments (prefer complete ones).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the repository, so imports resolve through the workspace's node_modules.
const outDir = join(root, 'node_modules', '.cache', 'doc-snippets');

const pages = [
  'README.md',
  ...readdirSync(join(root, 'packages'))
    .filter((name) => existsSync(join(root, 'packages', name, 'README.md')))
    .sort()
    .map((name) => `packages/${name}/README.md`),
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/** The ```ts blocks of a Markdown page, with the line each block's code starts on. */
function extractBlocks(page) {
  const lines = readFileSync(join(root, page), 'utf8').split('\n');
  const blocks = [];
  let open;
  for (const [index, line] of lines.entries()) {
    if (!open) {
      const fence = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript|tsx)\b(.*)$/.exec(line);
      if (fence) {
        open = {
          indent: fence[1].length,
          fence: fence[2],
          lang: fence[3],
          attributes: fence[4].trim().split(/\s+/).filter(Boolean),
          startLine: index + 2,
          code: [],
        };
      }
    } else if (line.trim() === open.fence) {
      blocks.push(open);
      open = undefined;
    } else {
      open.code.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
    }
  }
  if (open) throw new Error(`${page}:${open.startLine - 1}: code block is never closed`);
  return blocks;
}

/**
 * Pages other branches are writing: links to them are reported, not failed, until they land.
 * Remove an entry once its page exists.
 */
const pagesInProgress = new Set();

/** Relative links whose target does not exist, as `page:line: target` lines. */
function brokenLinks(page, pending) {
  const broken = [];
  let inFence = false;
  for (const [index, line] of readFileSync(join(root, page), 'utf8').split('\n').entries()) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    if (inFence) continue;
    for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:|^#/i.test(target)) continue; // URLs and in-page anchors
      const path = relative(root, resolve(root, dirname(page), target.split('#')[0]));
      if (existsSync(join(root, path))) continue;
      if (pagesInProgress.has(path)) pending.add(path);
      else broken.push(`${page}:${index + 1}: broken link to ${target}`);
    }
  }
  return broken;
}

const pending = new Set();
const broken = pages.flatMap((page) => brokenLinks(page, pending));
if (broken.length > 0) {
  console.error(broken.join('\n'));
  console.error(`\nDocs: ${broken.length} broken relative links.`);
  process.exit(1);
}
if (pending.size > 0) console.log(`Docs: linked pages not written yet: ${[...pending].join(', ')}`);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

/** Generated file → where its first line sits in the docs. */
const origins = new Map();
let checked = 0;
let skipped = 0;
for (const page of pages) {
  const pageDir = join(outDir, page.replace(/\.md$/, '').replace(/[^\w-]+/g, '_'));
  mkdirSync(pageDir, { recursive: true });
  const names = new Set();
  for (const [index, block] of extractBlocks(page).entries()) {
    if (block.attributes.includes('partial')) {
      skipped++;
      continue;
    }
    const named = block.attributes.find((attribute) => attribute.startsWith('file='));
    const extension = block.lang === 'tsx' ? 'tsx' : 'ts';
    const name = named ? named.slice('file='.length) : `block-${index + 1}.${extension}`;
    if (names.has(name)) throw new Error(`${page}:${block.startLine - 1}: duplicate file=${name}`);
    names.add(name);
    const file = join(pageDir, name);
    // `export {}` makes every block a module, so top-level await works and names do not clash.
    writeFileSync(file, `${block.code.join('\n')}\nexport {};\n`);
    origins.set(relative(root, file), { page, line: block.startLine });
    checked++;
  }
}

// ES modules, as the guides assume (top-level await), so the extracted blocks also run with tsx.
writeFileSync(join(outDir, 'package.json'), '{ "type": "module", "private": true }\n');
writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify(
    {
      extends: relative(outDir, join(root, 'tsconfig.base.json')),
      compilerOptions: { noEmit: true, jsx: 'react-jsx', noUnusedLocals: false },
      include: ['**/*.ts', '**/*.tsx'],
    },
    null,
    2,
  ),
);

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = spawnSync(
  process.execPath,
  [tsc, '-p', join(outDir, 'tsconfig.json'), '--pretty', 'false'],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
const output = `${run.stdout}${run.stderr}`.trim();
if (run.status !== 0) {
  // Point each error at the Markdown line it comes from.
  const mapped = output.replace(/^(\S[^(\n]*)\((\d+),(\d+)\)/gm, (match, file, line, column) => {
    const origin = origins.get(relative(root, resolve(root, file)));
    return origin
      ? `${origin.page}:${origin.line + Number(line) - 1}:${column} (${basename(file)})`
      : match;
  });
  console.error(mapped);
  console.error(`\nDocs: type errors in ${checked} checked blocks.`);
  process.exit(1);
}
console.log(
  `Docs: ${checked} TypeScript blocks type-check (${skipped} partial, skipped), relative links resolve, in ${pages.length} pages.`,
);
