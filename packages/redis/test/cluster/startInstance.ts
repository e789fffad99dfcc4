import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A server instance in a child process, which a test can kill and start again on its port. */
export interface Instance extends AsyncDisposable {
  readonly name: string;
  /** `ws://127.0.0.1:<port>`; stays the same across restarts. */
  readonly url: string;
  readonly port: number;
  /** Whether the process is running. */
  readonly alive: boolean;
  /** Kills the process at once (SIGKILL: sockets drop without a close frame). */
  kill(): Promise<void>;
  /** Starts the process again on the same port. */
  restart(): Promise<void>;
}

/** Settings of an instance process. */
export interface InstanceSettings {
  readonly name: string;
  readonly redisUrl: string;
  readonly keyPrefix: string;
  readonly leaseMs?: number;
  /** How long Redis commands wait before failing with `UNAVAILABLE`. */
  readonly commandTimeoutMs?: number;
}

const entry = fileURLToPath(new URL('./instanceProcess.ts', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');

function spawnInstance(settings: InstanceSettings, port: number) {
  const child = fork(entry, [], {
    execArgv: [
      '--conditions=@wirecall/source',
      '--import',
      TSX_LOADER,
      ...(process.env.WIRECALL_INSTANCE_PROFILE
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.WIRECALL_INSTANCE_PROFILE]
        : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      WIRECALL_NAME: settings.name,
      WIRECALL_REDIS_URL: settings.redisUrl,
      WIRECALL_PREFIX: settings.keyPrefix,
      WIRECALL_PORT: String(port),
      WIRECALL_LEASE_MS: String(settings.leaseMs ?? 10_000),
      WIRECALL_COMMAND_TIMEOUT_MS: String(settings.commandTimeoutMs ?? 5_000),
    },
  });
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${settings.name} did not start`)), 30_000);
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type !== 'ready' || message.port === undefined) return;
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${settings.name} exited before listening (${signal ?? code})`));
    });
  });
  return { child, ready };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Starts an instance on a free port (the same port on every restart). */
export async function startInstance(settings: InstanceSettings): Promise<Instance> {
  let { child, ready } = spawnInstance(settings, 0);
  // A test that times out never reaches its dispose: never leave an instance behind.
  process.once('exit', () => child.kill('SIGKILL'));
  const port = await ready;
  return {
    name: settings.name,
    url: `ws://127.0.0.1:${port}`,
    port,
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    kill: () => stop(child, 'SIGKILL'),
    async restart() {
      await stop(child, 'SIGKILL');
      ({ child, ready } = spawnInstance(settings, port));
      await ready;
    },
    /** Shuts down politely (closing the IPC channel makes it close its server), else kills it. */
    async [Symbol.asyncDispose]() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
