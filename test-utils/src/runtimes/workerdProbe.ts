import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { Miniflare } from 'miniflare';
import { WORKER_COMPATIBILITY_DATE } from './compatibilityDate.js';

/** Options of {@link bundleWorker}. */
export interface BundleWorkerOptions {
  /**
   * Import specifiers (matched exactly, not their subpaths) resolved to these files instead.
   * @default none
   */
  readonly replace?: Record<string, string>;
}

/** An esbuild plugin that resolves the named specifiers, exactly, to the given files. */
function replaceImports(replace: Record<string, string>): Plugin {
  return {
    name: 'replace-imports',
    setup(build) {
      for (const [specifier, path] of Object.entries(replace)) {
        const filter = new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
        build.onResolve({ filter }, () => ({ path }));
      }
    },
  };
}

/**
 * Bundles a Worker entry of this workspace into one ES module, as `wrangler` would: the
 * `@wirecall/*` packages from source, browser builds of dependencies (`isomorphic-ws` then picks
 * the global `WebSocket`), no Node built-ins; `cloudflare:*` modules are the runtime's.
 */
export async function bundleWorker(
  entry: string,
  options: BundleWorkerOptions = {},
): Promise<string> {
  const result = await build({
    plugins: [replaceImports(options.replace ?? {})],
    external: ['cloudflare:*'],
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['workerd', 'worker', '@wirecall/source'],
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

/** A Worker running in a real workerd process, started by miniflare. */
export interface RunningWorker extends AsyncDisposable {
  /**
   * `http://127.0.0.1:<port>/`, where workerd itself listens: what a conformance target of a
   * Worker hands the suite (as `ws://`), so clients reach it over a real socket.
   */
  readonly url: string;
  /** Sends a request to the Worker's `fetch` (through miniflare, not the port). */
  fetch(url: string): Promise<Response>;
}

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /**
   * Durable Object bindings: binding name to the exported class, each SQLite-backed.
   * @default none
   */
  readonly durableObjects?: Record<string, string>;
}

/** Starts `script` (an ES module Worker) in workerd through miniflare, on a free loopback port. */
export async function startWorker(
  script: string,
  options: StartWorkerOptions = {},
): Promise<RunningWorker> {
  const durableObjects = Object.fromEntries(
    Object.entries(options.durableObjects ?? {}).map(([binding, className]) => [
      binding,
      { className, useSQLite: true },
    ]),
  );
  const miniflare = new Miniflare({
    modules: true,
    script,
    durableObjects,
    compatibilityDate: WORKER_COMPATIBILITY_DATE,
    host: '127.0.0.1',
    port: 0,
  });
  const url = (await miniflare.ready).href;
  return {
    url,
    fetch: async (request) => (await miniflare.dispatchFetch(request)) as unknown as Response,
    [Symbol.asyncDispose]: () => miniflare.dispose(),
  };
}

/** The path of the client probe's Worker entry. */
export function probeWorkerEntry(): string {
  return fileURLToPath(new URL('./probeWorker.ts', import.meta.url));
}

/** The path of the client probe's entry for Bun and Deno. */
export function probeMainScript(): string {
  return fileURLToPath(new URL('./probeMain.ts', import.meta.url));
}
