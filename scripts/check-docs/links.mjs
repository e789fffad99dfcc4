// Relative links of a page whose target does not exist.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Relative links of `text` (the page `page`, relative to `root`) whose target does not exist, as
 * `page:line: broken link to target` lines. Targets in `inProgress` (pages other branches are
 * writing) are added to `pending` instead.
 */
export function brokenLinks(
  root,
  page,
  text,
  { inProgress = new Set(), pending = new Set() } = {},
) {
  const broken = [];
  let inFence = false;
  for (const [index, line] of text.split('\n').entries()) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    if (inFence) continue;
    for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:|^#/i.test(target)) continue; // URLs and in-page anchors
      const path = relative(root, resolve(root, dirname(page), target.split('#')[0]));
      if (existsSync(join(root, path))) continue;
      if (inProgress.has(path)) pending.add(path);
      else broken.push(`${page}:${index + 1}: broken link to ${target}`);
    }
  }
  return broken;
}
