import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as runCliInProcess } from '../src/cli/runCli.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
// The bin runs from src/ here, so no build is needed: tsx for TypeScript, the source condition
// for the workspace packages.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@wirecall/source', '--import', tsxLoader, cli, ...args],
      { cwd, timeout: 15_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('wirecall-docs CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wirecall-docs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes index.html, contract.md and asyncapi.json for a .ts contract', async () => {
    const run = await runCli(
      [join(fixtures, 'docsContract.ts'), '--out', 'site', '--title', 'CLI API'],
      dir,
    );
    expect(run.stderr).toContain(
      'warning: files.upload input.blob: Custom types cannot be represented',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Documented docsContract from');
    const html = await readFile(join(dir, 'site', 'index.html'), 'utf8');
    const markdown = await readFile(join(dir, 'site', 'contract.md'), 'utf8');
    const asyncapi = JSON.parse(await readFile(join(dir, 'site', 'asyncapi.json'), 'utf8'));
    expect(html).toContain('<title>CLI API</title>');
    expect(markdown).toContain('### `chat.send` · mutation');
    expect(asyncapi).toMatchObject({ asyncapi: '3.0.0', info: { title: 'CLI API' } });
  });

  it.each([
    [['missing.ts', '--out', 'x'], 1, /^wirecall-docs: No module at .*missing\.ts$/],
    [
      [join(fixtures, 'notAContract.ts'), '--out', 'x'],
      1,
      /exports no contract made by defineContract\(\) \(it exports: api, schema\)$/,
    ],
    [[join(fixtures, 'docsContract.ts')], 2, /^wirecall-docs: missing --out <dir>$/],
  ])('exits with %j → code %i and one clear line', async (args, code, message) => {
    const run = await runCli(args, dir);
    expect(run.code).toBe(code);
    const [first] = run.stderr.trim().split('\n');
    expect(first).toMatch(message);
    expect(run.stderr).not.toContain('    at ');
  });
});

// The rest of the command line runs in-process: same code, without a process start each.
describe('runCli', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wirecall-docs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<Run> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCliInProcess(args, {
      stdout: (line) => stdout.push(line),
      stderr: (line) => stderr.push(line),
      cwd: dir,
    });
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  }

  it('picks a contract by --export when a module has several', async () => {
    const result = await run([
      join(fixtures, 'twoContracts.ts'),
      '--export',
      'second',
      '-o',
      'two',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(await readFile(join(dir, 'two', 'contract.md'), 'utf8')).toContain('### `b` · query');
  });

  it("takes a JavaScript module's default export", async () => {
    const result = await run([join(fixtures, 'defaultExport.mjs'), '-o', 'js']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Documented default from');
    expect(await readFile(join(dir, 'js', 'contract.md'), 'utf8')).toContain(
      'From plain JavaScript.',
    );
  });

  it('prints usage with --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: wirecall-docs <module> --out <dir> [options]');
  });

  it.each([
    [
      [join(fixtures, 'throws.ts'), '--out', 'x'],
      1,
      /^wirecall-docs: Could not load .*throws\.ts: boom while loading the contract$/,
    ],
    [
      [join(fixtures, 'twoContracts.ts'), '--out', 'x'],
      1,
      /exports several contracts \(first, second\); pick one with --export <name>$/,
    ],
    [
      [join(fixtures, 'docsContract.ts'), '--out', 'x', '--export', 'nope'],
      1,
      /has no export "nope"$/,
    ],
    [[fixtures, '--out', 'x'], 1, /^wirecall-docs: No module at .*fixtures \(it is a directory\)$/],
    [['a.ts', 'b.ts', '--out', 'x'], 2, /^wirecall-docs: unexpected argument "b\.ts"$/],
    [['--bogus'], 2, /^wirecall-docs: Unknown option '--bogus'/],
  ])('fails on %j with code %i', async (args, code, message) => {
    const result = await run(args);
    expect(result.code).toBe(code);
    expect(result.stderr.split('\n')[0]).toMatch(message);
  });
});
