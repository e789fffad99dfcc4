import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ContractShape, isContract } from '@wirecall/core';
import { DocsError } from '../errors/DocsError.js';

/** Options of {@link loadContract}. */
export interface LoadContractOptions {
  /** Name of the export holding the contract. @default `default`, else the only contract export */
  exportName?: string;
  /** Directory a relative module path is resolved from. @default process.cwd() */
  cwd?: string;
}

/** A contract found in a module. */
export interface LoadedContract {
  /** The contract, as made by `defineContract`. */
  readonly contract: ContractShape;
  /** The export it was found under. */
  readonly exportName: string;
  /** Absolute path of the module. */
  readonly modulePath: string;
}

/**
 * Imports a TypeScript or JavaScript module (TypeScript through tsx, no build step) and finds its
 * contract: the named export, else `default`, else the single export made by `defineContract`.
 * @throws DocsError `MODULE_NOT_FOUND`, `MODULE_LOAD_FAILED`, `CONTRACT_NOT_FOUND` or `AMBIGUOUS_CONTRACT`.
 * @example
 * const { contract } = await loadContract('./src/contract.ts', { exportName: 'api' });
 */
export async function loadContract(
  modulePath: string,
  options: LoadContractOptions = {},
): Promise<LoadedContract> {
  const absolute = resolve(options.cwd ?? process.cwd(), modulePath);
  const found = await stat(absolute).catch(() => undefined);
  if (!found?.isFile()) {
    throw new DocsError(
      'MODULE_NOT_FOUND',
      `No module at ${absolute}${found ? ' (it is a directory)' : ''}`,
    );
  }
  let namespace: Record<string, unknown>;
  try {
    // tsx loads .ts/.mts/.cts (and plain JS) in a scoped loader, leaving the process's own alone.
    const { tsImport } = await import('tsx/esm/api');
    const url = pathToFileURL(absolute).href;
    namespace = (await tsImport(url, { parentURL: url })) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DocsError('MODULE_LOAD_FAILED', `Could not load ${absolute}: ${reason}`, {
      cause: error,
    });
  }
  const pick = (contract: ContractShape, exportName: string) => ({
    contract,
    exportName,
    modulePath: absolute,
  });
  if (options.exportName !== undefined) {
    const value = namespace[options.exportName];
    if (isContract(value)) return pick(value, options.exportName);
    throw new DocsError(
      'CONTRACT_NOT_FOUND',
      `${absolute} has ${options.exportName in namespace ? 'an' : 'no'} export "${options.exportName}"` +
        `${options.exportName in namespace ? ' but it was not made by defineContract()' : ''}`,
    );
  }
  if (isContract(namespace.default)) return pick(namespace.default, 'default');
  const candidates = Object.entries(namespace).filter(([, value]) => isContract(value));
  // A CommonJS module's exports arrive as `default`: look inside it too.
  if (
    candidates.length === 0 &&
    typeof namespace.default === 'object' &&
    namespace.default !== null
  ) {
    candidates.push(...Object.entries(namespace.default).filter(([, value]) => isContract(value)));
  }
  const [only, ...others] = candidates;
  if (only && others.length === 0) return pick(only[1] as ContractShape, only[0]);
  if (only) {
    const names = candidates.map(([name]) => name).join(', ');
    throw new DocsError(
      'AMBIGUOUS_CONTRACT',
      `${absolute} exports several contracts (${names}); pick one with --export <name>`,
    );
  }
  const exported = Object.keys(namespace).join(', ') || 'nothing';
  throw new DocsError(
    'CONTRACT_NOT_FOUND',
    `${absolute} exports no contract made by defineContract() (it exports: ${exported})`,
  );
}
