// Reading the guides: which pages there are, their code blocks, sections and tables.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The pages checked: the root README, the READMEs of the packages and the examples, and the
 * guides, relative to `root`.
 */
export function listPages(root) {
  return [
    'README.md',
    ...readmesIn(root, 'packages'),
    ...readmesIn(root, 'examples'),
    ...listGuides(root),
  ];
}

/** The READMEs of the folders in `folder` (`packages/core/README.md`, …), relative to `root`. */
export function readmesIn(root, folder) {
  return readdirSync(join(root, folder))
    .filter((name) => existsSync(join(root, folder, name, 'README.md')))
    .sort()
    .map((name) => `${folder}/${name}/README.md`);
}

/** The guides (`docs/*.md`), relative to `root`. */
export function listGuides(root) {
  return readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
}

/**
 * The fenced code blocks of a page in the given languages, with the line each block's code
 * starts on and the attributes after the language (`ts file=contract.ts run`).
 */
export function extractBlocks(text, page, languages = ['ts', 'typescript', 'tsx']) {
  const lines = text.split('\n');
  const blocks = [];
  let open;
  for (const [index, line] of lines.entries()) {
    if (!open) {
      const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/.exec(line);
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
      if (languages.includes(open.lang)) blocks.push(open);
      open = undefined;
    } else {
      open.code.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
    }
  }
  if (open) throw new Error(`${page}:${open.startLine - 1}: code block is never closed`);
  return blocks;
}

/** The page's text outside fenced code blocks. */
export function prose(text) {
  let inFence = false;
  return text
    .split('\n')
    .filter((line) => {
      if (/^\s*(`{3,}|~{3,})/.test(line)) {
        inFence = !inFence;
        return false;
      }
      return !inFence;
    })
    .join('\n');
}

/** The lines of the section under the heading `heading` (any level), up to the next heading as high. */
export function section(text, heading) {
  const lines = prose(text).split('\n');
  const start = lines.findIndex(
    (line) => /^#{1,6}\s/.test(line) && line.replace(/^#+\s+/, '').trim() === heading,
  );
  if (start === -1) return undefined;
  const level = /^#+/.exec(lines[start])[0].length;
  const end = lines.findIndex((line, i) => i > start && new RegExp(`^#{1,${level}}\\s`).test(line));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** The first cell of each body row of the Markdown tables in `lines`, without backticks. */
export function firstColumn(lines) {
  const cells = [];
  for (const [index, line] of lines.entries()) {
    if (!line.trim().startsWith('|')) continue;
    const previous = lines[index - 1]?.trim() ?? '';
    const isSeparator = /^\|[\s:|-]+\|$/.test(line.trim());
    // Skip the header (followed by the separator) and the separator itself.
    if (isSeparator || /^\|[\s:|-]+\|$/.test(lines[index + 1]?.trim() ?? '')) continue;
    if (!previous.startsWith('|')) continue;
    cells.push(line.split('|')[1].trim().replace(/^`|`$/g, ''));
  }
  return cells;
}

/** Whether `name` appears in `text` as a whole word (an identifier, not part of a longer one). */
export function mentions(text, name) {
  return new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}($|[^\\w$])`).test(text);
}
