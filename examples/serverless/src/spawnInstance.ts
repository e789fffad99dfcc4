import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A running instance process and its port. */
export interface InstanceProcess {
  readonly port: number;
  readonly child: ChildProcess;
}

const entry = fileURLToPath(new URL('./instance.ts', import.meta.url));

/** Starts `src/instance.ts` as a process of its own; resolves once it listens. */
export function spawnInstance(env: Record<string, string> = {}): Promise<InstanceProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@wirecall/source', entry],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      try {
        const { listening } = JSON.parse(line) as { listening?: number };
        if (typeof listening === 'number') resolve({ port: listening, child });
      } catch {
        // Not the line we wait for.
      }
    });
    child.once('exit', (code) => reject(new Error(`The instance exited with ${code}`)));
    child.once('error', reject);
  });
}
