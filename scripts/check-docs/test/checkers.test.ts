import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCodes, missingCodes } from '../errorCodes.mjs';
import { checkExports, staleIndexEntries, unmentionedExports } from '../exportsMentioned.mjs';
import { brokenLinks } from '../links.mjs';
import { listGuides } from '../markdown.mjs';
import { navigationProblems } from '../navigation.mjs';
import { checkOptions, missingOptions } from '../options.mjs';
import { checkSnippets } from '../snippets.mjs';
import { constObjectEntries, exportsOf, optionsOf } from '../tsSource.mjs';

// Each check of `pnpm check:docs` passes on the repository as it is, and fails, saying what is
// missing, on a bad input.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const readText = (path: string) => readFileSync(join(root, path), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'wirecall-check-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes files under the scratch folder; returns the folder. */
function files(name: string, contents: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [path, text] of Object.entries(contents)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const errorsGuide = [
  '# Errors',
  '## Built-in codes',
  '### `BAD_INPUT`',
  'text',
  '## Close codes',
  '| code | name | meaning |',
  '| ---- | ---- | ------- |',
  '| 1000 | `NORMAL` | fine |',
].join('\n');

describe('codes', () => {
  it('passes on the repository', () => {
    expect(checkCodes(root, readText)).toEqual([]);
  });

  it('names each error code and close code the guide lacks', () => {
    expect(
      missingCodes(
        errorsGuide,
        ['BAD_INPUT', 'OUTCOME_UNKNOWN'],
        [
          ['NORMAL', '1000'],
          ['GOING_AWAY', '1001'],
        ],
      ),
    ).toEqual([
      'docs/errors.md: built-in error code OUTCOME_UNKNOWN has no "### `OUTCOME_UNKNOWN`" entry',
      'docs/errors.md: close code 1001 GOING_AWAY has no row in "Close codes"',
    ]);
  });

  it('reads the codes from the source, not from the guide', () => {
    const dir = files('codes', {
      'codes.ts': "export const ErrorCode = {\n  /** a */ A: 'A',\n  B: 'B',\n} as const;\n",
    });
    expect(constObjectEntries(join(dir, 'codes.ts'), 'ErrorCode')).toEqual([
      ['A', 'A'],
      ['B', 'B'],
    ]);
  });
});

describe('options', () => {
  it('passes on the repository', () => {
    expect(checkOptions(root, readText)).toEqual([]);
  });

  it('names options missing from the table, and rows naming no option', () => {
    const guide =
      '## Options\n\n| option | what |\n| --- | --- |\n| `url` | where |\n| `retries` | old |\n';
    expect(
      missingOptions(guide, ['url', 'lazy'], { page: 'docs/client.md', fn: 'createClient' }),
    ).toEqual([
      'docs/client.md: option `lazy` of createClient is missing from the Options table',
      'docs/client.md: the Options table lists `retries`, which createClient does not have',
    ]);
    expect(
      missingOptions('# Client\n', ['url'], { page: 'docs/client.md', fn: 'createClient' }),
    ).toEqual(['docs/client.md: no "Options" section for createClient']);
  });

  it('reads the options interface of a function from source, through imports and extends', () => {
    const dir = files('options', {
      'index.ts': "export { create } from './create.js';\n",
      'create.ts': [
        "import type { BaseOptions } from './base.js';",
        'export interface CreateOptions extends BaseOptions {',
        '  /** @default 1 */',
        '  size?: number;',
        '  onEvent?(event: string): void;',
        '}',
        'export function create(url: string, options: CreateOptions): void {}',
      ].join('\n'),
      'base.ts': 'export interface BaseOptions {\n  url: string;\n}\n',
    });
    expect(optionsOf(join(dir, 'index.ts'), 'create').names).toEqual(['url', 'size', 'onEvent']);
  });

  it('fails loudly when the options are not an interface it can read', () => {
    const dir = files('options-alias', {
      'index.ts': 'export function create(options: { a: 1 } & { b: 2 }): void {}\n',
    });
    expect(() => optionsOf(join(dir, 'index.ts'), 'create')).toThrow(/typed by an interface/);
  });
});

describe('exports', () => {
  it('passes on the repository', () => {
    expect(checkExports(root, readText, listGuides(root))).toEqual([]);
  });

  it('lists every export no page mentions, by package', () => {
    expect(
      unmentionedExports(
        [
          { name: 'core', exports: ['defineContract', 'Hidden', 'AlsoHidden'], readme: undefined },
          { name: 'react', exports: ['useQuery', 'useQueryLater'], readme: 'Use `useQuery`.' },
        ],
        ['`defineContract(…)` declares it; hiddenValue is not Hidden2'],
      ),
    ).toEqual([
      'packages/core/src/index.ts: 2 exports are not mentioned in a guide (docs/api-index.md lists every export by package): Hidden, AlsoHidden',
      'packages/react/src/index.ts: 1 exports are not mentioned in packages/react/README.md or a guide (docs/api-index.md lists every export by package): useQueryLater',
    ]);
  });

  it('fails an index row naming what its package no longer exports', () => {
    const index = [
      '## `@wirecall/react`',
      '',
      '| export | what it is |',
      '| --- | --- |',
      '| `useQuery` | runs a query |',
      '| `QueryObserver` | moved to the client |',
      '',
      '## `@wirecall/client`',
    ].join('\n');
    expect(staleIndexEntries(index, [{ name: 'react', exports: ['useQuery'] }])).toEqual([
      'docs/api-index.md: `QueryObserver` is listed under @wirecall/react, which does not export it',
    ]);
  });

  it('reads exported names from source: named, renamed, star and declared', () => {
    const dir = files('exports', {
      'index.ts': [
        "export { a, b as c } from './one.js';",
        "export type * from './types.js';",
        "export * from './star.js';",
        'export const d = 1;',
        'export function e() {}',
        "export type { F } from '@elsewhere/package';",
      ].join('\n'),
      'one.ts': 'export const a = 1;\nexport const b = 2;\n',
      'types.ts': 'export interface T {}\nexport type U = string;\n',
      'star.ts': 'export class S {}\n',
    });
    expect([...exportsOf(join(dir, 'index.ts')).keys()].sort()).toEqual([
      'F',
      'S',
      'T',
      'U',
      'a',
      'c',
      'd',
      'e',
    ]);
  });
});

describe('navigation', () => {
  const guides = ['docs/a.md', 'docs/b.md'];

  it('passes on the repository', () => {
    expect(navigationProblems(JSON.parse(readText('typedoc.json')), listGuides(root))).toEqual([]);
  });

  it('fails a guide listed twice, through a pattern, missing, or an entry that is no guide', () => {
    expect(
      navigationProblems(
        { projectDocuments: ['docs/a.md', 'docs/a.md', 'docs/*.md', 'docs/gone.md'] },
        guides,
      ),
    ).toEqual([
      'typedoc.json: projectDocuments entry "docs/*.md" is a pattern; list each guide once by name, in reading order',
      'typedoc.json: projectDocuments lists "docs/gone.md", which is not a guide',
      'typedoc.json: guide docs/a.md is in projectDocuments 2 times',
      'typedoc.json: guide docs/b.md is not in projectDocuments',
    ]);
  });
});

describe('links', () => {
  it('fails a relative link to nothing, and not URLs, anchors or links in code', () => {
    const text = [
      '[ok](README.md) [web](https://example.com) [here](#links) [gone](docs/nowhere.md)',
      '```md',
      '[in code](docs/also-nowhere.md)',
      '```',
    ].join('\n');
    expect(brokenLinks(root, 'page.md', text)).toEqual([
      'page.md:1: broken link to docs/nowhere.md',
    ]);
  });
});

describe('snippets', () => {
  it('fails a block that does not type-check, pointing at its Markdown line', () => {
    const dir = join(root, 'node_modules', '.cache', 'check-docs-test');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'page.md'),
      "# Page\n\n```ts\nimport { defineContract } from '@wirecall/core';\nconst n: number = defineContract;\n```\n",
    );
    const page = 'node_modules/.cache/check-docs-test/page.md';
    const { problems, checked } = checkSnippets(root, [page], join(dir, 'out'));
    expect(checked).toBe(1);
    expect(problems.join('\n')).toMatch(/page\.md:5:7 \(block-1\.ts\): error TS2322/);
  }, 120_000);
});
