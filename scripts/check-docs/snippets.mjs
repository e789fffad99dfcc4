// Type-checks the TypeScript blocks of the pages: each block becomes a module of its own, compiled
// with the workspace's tsconfig against the workspace packages; errors point at the Markdown line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative, resolve } from 'node:path';
import { extractBlocks } from './markdown.mjs';

/**
 * Writes the blocks of `page` into `dir`, one module each (`file=NAME` names it; `partial` skips
 * it). Returns the files written, each with where its first line sits in the docs.
 */
export function writeBlocks(root, page, dir) {
  mkdirSync(dir, { recursive: true });
  const names = new Set();
  const files = [];
  let skipped = 0;
  for (const [index, block] of extractBlocks(
    readFileSync(join(root, page), 'utf8'),
    page,
  ).entries()) {
    if (block.attributes.includes('partial')) {
      skipped++;
      continue;
    }
    const named = block.attributes.find((attribute) => attribute.startsWith('file='));
    const extension = block.lang === 'tsx' ? 'tsx' : 'ts';
    const name = named ? named.slice('file='.length) : `block-${index + 1}.${extension}`;
    if (names.has(name)) throw new Error(`${page}:${block.startLine - 1}: duplicate file=${name}`);
    names.add(name);
    const file = join(dir, name);
    // `export {}` makes every block a module, so top-level await works and names do not clash.
    writeFileSync(file, `${block.code.join('\n')}\nexport {};\n`);
    files.push({ file, name, page, line: block.startLine, run: block.attributes.includes('run') });
  }
  // ES modules, as the guides assume (top-level await), so the extracted blocks also run with tsx.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  return { files, skipped };
}

/** Type-checks every page's blocks in `outDir`; returns the problems (empty when all compile). */
export function checkSnippets(root, pages, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const origins = new Map();
  let checked = 0;
  let skipped = 0;
  for (const page of pages) {
    const dir = join(outDir, page.replace(/\.md$/, '').replace(/[^\w-]+/g, '_'));
    const written = writeBlocks(root, page, dir);
    skipped += written.skipped;
    for (const { file, page: from, line } of written.files) {
      origins.set(relative(root, file), { page: from, line });
      checked++;
    }
  }
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
    { cwd: root, encoding: 'utf8' },
  );
  const output = `${run.stdout}${run.stderr}`.trim();
  if (run.status === 0) return { problems: [], checked, skipped };
  // Point each error at the Markdown line it comes from.
  const mapped = output.replace(/^(\S[^(\n]*)\((\d+),(\d+)\)/gm, (match, file, line, column) => {
    const origin = origins.get(relative(root, resolve(root, file)));
    return origin
      ? `${origin.page}:${origin.line + Number(line) - 1}:${column} (${basename(file)})`
      : match;
  });
  return { problems: mapped.split('\n'), checked, skipped };
}
