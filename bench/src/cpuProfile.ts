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

/** One function's share of a profile's samples. */
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
 * merged by function name and location, whatever the call path). Times are sample counts times
 * the median sampling interval.
 */
export async function selfTimes(file: string): Promise<{ busyMs: number; top: SelfTime[] }> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const nameOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    nameOf.set(node.id, `${functionName || '(anonymous)'}${location(url, lineNumber)}`);
  }
  // Counted in samples, not by the time between them: on a busy machine the process is sometimes
  // not scheduled for milliseconds, and that gap would be charged to whatever ran just before.
  const counts = new Map<string, number>();
  for (const id of profile.samples) {
    const name = nameOf.get(id) ?? '(unknown)';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  counts.delete('(idle)');
  const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
  const intervalMs = (deltas[Math.floor(deltas.length / 2)] ?? 0) / 1_000;
  const busySamples = [...counts.values()].reduce((sum, value) => sum + value, 0);
  const busy = busySamples * intervalMs * 1_000;
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([fn, count]) => ({
      fn,
      ms: count * intervalMs,
      percent: busySamples > 0 ? (count / busySamples) * 100 : 0,
    }));
  return { busyMs: busy / 1_000, top };
}
