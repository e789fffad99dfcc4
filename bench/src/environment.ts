import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WIRECALL_PACKAGES = [
  '@wirecall/core',
  '@wirecall/server',
  '@wirecall/client',
  '@wirecall/msgpack',
] as const;

/** Newest modification time of the files under `dir`, tests excluded. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /\.test(-d)?\.ts$/.test(entry.name)) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds the wirecall packages when a `src/` file is newer than its `dist/` (or there is none),
 * so `pnpm bench` always measures the code in the tree without paying for a build every time.
 */
export function buildIfStale(): void {
  const stale = WIRECALL_PACKAGES.filter((name) => {
    const root = fileURLToPath(new URL(`../../packages/${name.split('/')[1]}/`, import.meta.url));
    const built = join(root, 'dist', 'index.js');
    return !existsSync(built) || statSync(built).mtimeMs < newestSource(join(root, 'src'));
  });
  if (stale.length === 0) return;
  console.error(`Building ${stale.join(', ')} (sources newer than dist/)…`);
  const filters = stale.flatMap((name) => ['--filter', name]);
  const build = spawnSync('pnpm', [...filters, 'run', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('Building the wirecall packages failed');
}

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

/**
 * What else about the machine moves the figures: usable CPUs, memory, the open-files limit the
 * scale workloads ran under, and the ephemeral port range one source address has.
 */
export function describeMachine(): Record<string, string | number> {
  const machine: Record<string, string | number> = {
    'usable CPUs': availableParallelism(),
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    'open files (ulimit -n)': openFileLimit() ?? 'unlimited or unknown',
  };
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    machine['ephemeral ports'] = `${low}–${high}`;
  } catch {
    // Not Linux: nothing to add.
  }
  return machine;
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
  // The MessagePack library behind the wirecall-msgpack system, pinned by @wirecall/msgpack.
  const msgpack = JSON.parse(
    readFileSync(new URL('../../packages/msgpack/package.json', import.meta.url), 'utf8'),
  ) as { dependencies: Record<string, string> };
  versions.msgpackr = msgpack.dependencies.msgpackr ?? 'unknown';
  return versions;
}
