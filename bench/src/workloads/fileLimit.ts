import { openFileLimit } from '../environment.js';

/** Descriptors a process needs besides its sockets: modules, pipes, the event loop. */
const SPARE_FILES = 200;

/** Connections from one source address above which clients spread over several (see below). */
const PORTS_PER_SOURCE = 25_000;

/**
 * The levels the open-files limit allows: the server process holds every connection of a level
 * at once. The bench's scripts raise the limit to the hard limit first; a level above even that
 * is skipped, saying so.
 */
export function fileLimitedLevels(workload: string, levels: readonly number[]): number[] {
  const limit = openFileLimit();
  if (limit === undefined) return [...levels];
  const fits = levels.filter((level) => level + SPARE_FILES <= limit);
  for (const level of levels.filter((candidate) => !fits.includes(candidate))) {
    console.error(
      `${workload}: skipping ${level.toLocaleString('en-US')}: open files are limited to ` +
        `${limit.toLocaleString('en-US')} and could not be raised (\`ulimit -n\` needs a higher hard limit)`,
    );
  }
  return fits;
}

/**
 * The loopback source address client process `index` connects from at `level`: one address has
 * only ~28k ephemeral ports towards one server port, so a level above that gives each client
 * process its own address (127.0.0.2, 127.0.0.3, … all reach 127.0.0.1 on Linux).
 */
export function sourceAddress(index: number, level: number): string | undefined {
  return level > PORTS_PER_SOURCE ? `127.0.0.${2 + index}` : undefined;
}
