import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A JavaScript runtime other than Node that the test suites run code in. */
export type RuntimeName = 'bun' | 'deno';

/** Where each runtime's npm package puts its binary, once its install script has run. */
const binaryInPackage: Record<RuntimeName, string> = {
  bun: 'bin/bun.exe',
  deno: 'deno',
};

/**
 * The path of a runtime's binary, installed from npm as a dev dependency of this package. Throws,
 * saying how to fix it, when the binary is missing: a runtime that cannot start fails the run, it
 * never skips.
 */
export function runtimeBinary(name: RuntimeName): string {
  // Resolved here, not at import: under jsdom `import.meta.url` is not a file URL.
  const require = createRequire(import.meta.url);
  const binary = join(dirname(require.resolve(`${name}/package.json`)), binaryInPackage[name]);
  if (!existsSync(binary)) {
    throw new Error(
      `The ${name} binary is missing at ${binary}: its package's install script did not run ` +
        '(is it listed in pnpm.onlyBuiltDependencies?); run `pnpm install` again',
    );
  }
  return binary;
}
