import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const WIRECALL_PACKAGES = ['@wirecall/core', '@wirecall/server', '@wirecall/client'] as const;

/**
 * Throws unless wirecall resolves to its built `dist`, as it does for users: figures taken on
 * `src` through a source condition or a stale build would measure something nobody installs.
 */
export function assertBuiltWirecall(): void {
  for (const name of WIRECALL_PACKAGES) {
    const url = import.meta.resolve(name);
    if (!url.includes('/dist/') || !existsSync(fileURLToPath(url))) {
      throw new Error(
        `${name} resolves to ${url}, not a built dist/ file; run \`pnpm build\` first`,
      );
    }
  }
}

/** The soft limit on open files, where the OS tells (Linux); undefined elsewhere. */
export function openFileLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined || soft === 'unlimited' ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}

/** The CPU, e.g. `2 × AMD EPYC 7B13`. */
export function describeCpus(): string {
  const all = cpus();
  return `${all.length} × ${all[0]?.model.trim() ?? 'unknown CPU'}`;
}

/** Exact versions of the systems compared, from this package's pinned dependencies. */
export function systemVersions(): Record<string, string> {
  const manifest = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as {
    dependencies: Record<string, string>;
  };
  const pick = ['ws', '@trpc/server', '@trpc/client', 'socket.io', 'socket.io-client', 'zod'];
  const versions: Record<string, string> = { wirecall: 'workspace packages, built dist/' };
  for (const name of pick) versions[name] = manifest.dependencies[name] ?? 'unknown';
  return versions;
}
