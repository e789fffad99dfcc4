import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ContractShape } from '@wirecall/core';
import { serializeAsyncApi } from '../asyncapi/serializeAsyncApi.js';
import { type GenerateDocsOptions, generateDocs } from '../generateDocs.js';
import type { DocsWarning } from '../model/describeContract.js';

/** What {@link writeDocs} wrote. */
export interface WrittenDocs {
  /** Absolute paths of `index.html`, `contract.md` and `asyncapi.json`. */
  readonly files: readonly string[];
  /** Schema parts JSON Schema cannot express (marked in the files, never dropped). */
  readonly warnings: readonly DocsWarning[];
}

/**
 * Generates the docs of a contract and writes `index.html`, `contract.md` and `asyncapi.json`
 * into a directory, creating it when missing.
 * @example
 * await writeDocs(api, 'docs/contract', { title: 'Chat API' });
 */
export async function writeDocs(
  contract: ContractShape,
  outDir: string,
  options: GenerateDocsOptions = {},
): Promise<WrittenDocs> {
  const docs = generateDocs(contract, options);
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    [join(dir, 'index.html'), docs.html],
    [join(dir, 'contract.md'), docs.markdown],
    [join(dir, 'asyncapi.json'), serializeAsyncApi(docs.asyncapi)],
  ];
  await Promise.all(files.map(([path, text]) => writeFile(path, text)));
  return { files: files.map(([path]) => path), warnings: docs.warnings };
}
