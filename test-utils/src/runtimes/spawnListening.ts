import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** What a server child process prints on stdout, followed by its URL, once it listens. */
export const LISTENING_PREFIX = 'LISTENING ';

/** Options of {@link spawnListening}. */
export interface SpawnListeningOptions {
  /** The binary to run (`process.execPath`, or {@link runtimeBinary}). */
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds the process has to print its `LISTENING` line. @default 30_000 */
  startTimeoutMs?: number;
  /** Milliseconds `close()` waits after SIGTERM before it sends SIGKILL. @default 5_000 */
  closeTimeoutMs?: number;
}

/** A server running in a child process, which printed `LISTENING <url>`. */
export interface ListeningProcess extends AsyncDisposable {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote on stderr so far, for failure messages. */
  readonly stderr: () => string;
  /**
   * Sends SIGTERM (the script closes its server gracefully and exits), SIGKILL after
   * `closeTimeoutMs`, and resolves once the process exited. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Spawns a server script in a child process of any runtime and resolves with the URL it prints as
 * `LISTENING <url>`. Rejects, with the process's stderr, when it exits or stays silent first.
 */
export async function spawnListening(options: SpawnListeningOptions): Promise<ListeningProcess> {
  const { startTimeoutMs = 30_000, closeTimeoutMs = 5_000 } = options;
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').catch(() => {});
  const alive = () => child.exitCode === null && child.signalCode === null;
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const describeRun = () => `${options.command} ${options.args.join(' ')}`;
  const url = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      if (alive()) child.kill('SIGKILL');
      reject(new Error(`${describeRun()} ${why}; stderr:\n${stderr}`));
    };
    const timer = setTimeout(
      () => fail(`printed no ${LISTENING_PREFIX.trim()} line in ${startTimeoutMs} ms`),
      startTimeoutMs,
    );
    lines.on('line', (line) => {
      if (!line.startsWith(LISTENING_PREFIX)) return;
      clearTimeout(timer);
      resolve(line.slice(LISTENING_PREFIX.length).trim());
    });
    child.once('error', (error) => fail(`failed to start: ${error.message}`));
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before listening`));
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      if (alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => alive() && child.kill('SIGKILL'), closeTimeoutMs);
        await exited;
        clearTimeout(timer);
      }
      lines.close();
    })();
    return closing;
  };
  return { url, child, stderr: () => stderr, close, [Symbol.asyncDispose]: close };
}
