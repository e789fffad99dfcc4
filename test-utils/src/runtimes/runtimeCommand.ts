import { type RuntimeName, runtimeBinary } from './runtimeBinaries.js';

/** A command line: the binary and its arguments. */
export interface RuntimeCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * The command that runs a TypeScript file of this workspace in a runtime, resolving the
 * `@wirecall/*` packages to their sources (the `@wirecall/source` export condition) through the
 * workspace's `node_modules`, as the Node tests do: no build needed.
 * - Bun runs TypeScript and honours `--conditions`.
 * - Deno reads the existing `node_modules` (`--node-modules-dir=manual`), takes `--conditions`,
 *   and needs `--sloppy-imports` for our `.js` specifiers of `.ts` files. It may only reach
 *   loopback, read files and read the environment.
 */
export function runtimeCommand(
  runtime: RuntimeName | 'node',
  script: string,
  args: readonly string[] = [],
): RuntimeCommand {
  const condition = '--conditions=@wirecall/source';
  switch (runtime) {
    case 'node':
      return { command: process.execPath, args: ['--import', 'tsx', condition, script, ...args] };
    case 'bun':
      return { command: runtimeBinary('bun'), args: [condition, script, ...args] };
    case 'deno':
      return {
        command: runtimeBinary('deno'),
        args: [
          'run',
          '--allow-net=127.0.0.1',
          '--allow-read',
          '--allow-env',
          '--no-lock',
          '--sloppy-imports',
          '--node-modules-dir=manual',
          condition,
          script,
          ...args,
        ],
      };
  }
}
