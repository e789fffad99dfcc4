import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { extractBlocks, listPages } from '../markdown.mjs';
import { runBlocks, runProgram } from '../runBlocks.mjs';
import { writeBlocks } from '../snippets.mjs';

// The programs the docs show (blocks tagged `run`, such as the README's complete example) run
// to completion and exit 0, as a user who copies them would run them.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const work = join(root, 'node_modules', '.cache', 'doc-runs');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('run blocks', () => {
  it('runs the README complete example to completion, exiting 0', async () => {
    const { ran, problems } = await runBlocks(root, 'README.md', join(work, 'README'));
    expect(problems).toEqual([]);
    const example = ran.find((block) => block.name === 'example.ts');
    expect(example?.code).toBe(0);
    expect(example?.output).toContain('received: hello');
    expect(example?.output).toContain('closed: archive');
  }, 90_000);

  it('runs the example with the command the README gives for it', async () => {
    const dir = join(work, 'README-command');
    writeBlocks(root, 'README.md', dir);
    const commands = extractBlocks(readFileSync(join(root, 'README.md'), 'utf8'), 'README.md', [
      'sh',
    ])
      .flatMap((block: { code: string[] }) => block.code)
      .filter((line: string) => /\bexample\.ts\b/.test(line));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const { code, output } = await runProgram('sh', ['-c', command], dir);
      expect({ command, code }).toEqual({ command, code: 0 });
      expect(output).toContain('received: hello');
    }
  }, 90_000);

  it('runs every other page’s run blocks', async () => {
    const pages = listPages(root).filter((page: string) => page !== 'README.md');
    for (const page of pages) {
      const { problems } = await runBlocks(root, page, join(work, page.replace(/\W+/g, '_')));
      expect(problems, page).toEqual([]);
    }
  }, 180_000);

  /** A page of its own inside the repository (so imports resolve), with the given blocks. */
  function page(name: string, markdown: string): string {
    const dir = join(work, 'pages');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), markdown);
    return join('node_modules', '.cache', 'doc-runs', 'pages', name);
  }

  it('fails a run block that exits with an error, naming its line', async () => {
    const bad = page('fails.md', '# x\n\n```ts file=main.ts run\nthrow new Error("boom");\n```\n');
    const { problems } = await runBlocks(root, bad, join(work, 'fails'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/fails\.md:4: main\.ts exited with 1/);
    expect(problems[0]).toContain('boom');
  }, 60_000);

  it('fails a run block that never exits (a server left open)', async () => {
    const open = page(
      'hangs.md',
      "# x\n\n```ts file=main.ts run\nimport { createServer } from 'node:http';\ncreateServer().listen(0);\n```\n",
    );
    const { problems } = await runBlocks(root, open, join(work, 'hangs'), { timeoutMs: 3_000 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/hangs\.md:4: main\.ts did not exit within 3000 ms/);
  }, 60_000);
});
