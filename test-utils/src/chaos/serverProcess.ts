import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A wirecall server running in a child process, to be killed like a crashing deploy. */
export interface ServerProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** Kills the process with SIGKILL (no shutdown, no close frames) and waits for it to exit. */
  kill(): Promise<void>;
}

/** Starts the chaos server in a child process and resolves once it listens. */
export async function spawnServerProcess(): Promise<ServerProcess> {
  // Resolved here, not at import: under jsdom (the React tests import this package too)
  // `import.meta.url` is not a file URL, and only the chaos tests spawn the server.
  const script = fileURLToPath(new URL('./chaosServer.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@wirecall/source', script],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('Server process did not start in 30 s')),
      30_000,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Server process exited with ${code} before listening`));
    });
  });
  return {
    port,
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      lines.close();
    },
  };
}
