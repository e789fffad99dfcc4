import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContractShape } from '@wirecall/core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { describeContract } from '../src/model/describeContract.js';
import { docsContract } from './fixtures/docsContract.js';
import { shapesContract } from './fixtures/shapesContract.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
// Inside the repository, so imports resolve through the workspace's node_modules.
const outDir = join(root, 'node_modules', '.cache', 'usage-snippets');

/** Writes each procedure's usage snippet as a module that calls a real client of `contract`. */
function writeSnippets(contract: ContractShape, exportName: string, module: string): string[] {
  const doc = describeContract(contract, {
    title: 'x',
    version: '0',
    description: undefined,
    clientName: 'client',
  });
  const fixture = relative(outDir, join(fixtures, module)).replace(/\.ts$/, '.js');
  return doc.procedures.map((procedure) => {
    const file = join(outDir, `${exportName}.${procedure.path}.ts`);
    writeFileSync(
      file,
      [
        "import { createClient } from '@wirecall/client';",
        `import { ${exportName} } from '${fixture.startsWith('.') ? fixture : `./${fixture}`}';`,
        `const client = createClient(${exportName}, { url: 'ws://127.0.0.1:1', lazy: true });`,
        procedure.usage,
        'export {};',
        '',
      ].join('\n'),
    );
    return file;
  });
}

describe('usage snippets', () => {
  it('type-check against the contract they document', () => {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const files = [
      ...writeSnippets(docsContract, 'docsContract', 'docsContract.ts'),
      ...writeSnippets(shapesContract, 'shapesContract', 'shapesContract.ts'),
    ];
    expect(files.length).toBe(11);

    const config = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const program = ts.createProgram(files, { ...options, noEmit: true });
    // Only the snippets are checked; the packages' own sources have `pnpm typecheck`.
    const problems = files.flatMap((file) => {
      const source = program.getSourceFile(file);
      return source
        ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
        : [];
    });
    const host: ts.FormatDiagnosticsHost = {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => dirname(outDir),
      getNewLine: () => '\n',
    };
    expect(ts.formatDiagnostics(problems, host)).toBe('');
  }, 60_000);
});
