import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that self time needs. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One function's share of a profile. */
export interface SelfTime {
  /** `name (file:line)`, or V8's own entries such as `(garbage collector)`. */
  readonly fn: string;
  readonly ms: number;
  /** Share of the busy time (everything but `(idle)`), in percent. */
  readonly percent: number;
}

/** Where a frame lives: the package and file for dependencies, the file for everything else. */
function location(url: string, lineNumber: number): string {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const inPackage =
    path.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(.*)$/) ??
    path.match(/\/(packages\/[^/]+)\/(.*)$/);
  const file = inPackage ? `${inPackage[1]}/${basename(inPackage[2] ?? '')}` : basename(path);
  return ` (${file}:${lineNumber + 1})`;
}

/**
 * Reads a `.cpuprofile` and returns its functions by self time, busiest first (samples are
 * merged by function name and location, whatever the call path).
 */
export async function selfTimes(file: string): Promise<{ busyMs: number; top: SelfTime[] }> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const nameOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    nameOf.set(node.id, `${functionName || '(anonymous)'}${location(url, lineNumber)}`);
  }
  const micros = new Map<string, number>();
  // timeDeltas[i] is the time since the previous sample: it belongs to sample i - 1.
  for (let i = 0; i < profile.samples.length - 1; i++) {
    const name = nameOf.get(profile.samples[i] as number) ?? '(unknown)';
    micros.set(name, (micros.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  micros.delete('(idle)');
  const busy = [...micros.values()].reduce((sum, value) => sum + value, 0);
  const top = [...micros.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([fn, value]) => ({
      fn,
      ms: value / 1_000,
      percent: busy > 0 ? (value / busy) * 100 : 0,
    }));
  return { busyMs: busy / 1_000, top };
}
