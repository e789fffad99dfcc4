/** What every call carries and gets back: a number and a 100-character string. */
export interface Payload {
  readonly n: number;
  readonly s: string;
}

/** One event of the fan-out stream; `seq` counts from 0 so subscribers can spot gaps. */
export interface TickEvent {
  readonly seq: number;
}

/** The server side of a system, as the server worker drives it. */
export interface BenchServer {
  /** The `ws://` URL clients connect to (always on 127.0.0.1). */
  readonly url: string;
  /** Connections the server currently holds. */
  connections(): number;
  /** Subscribers of the fan-out stream the server currently holds. */
  subscribers(): number;
  /**
   * Publishes `count` events (`seq` 0 to `count - 1`) to every subscriber, as fast as the system
   * accepts them; resolves when the last one has been handed to the system.
   */
  publish(count: number): Promise<void>;
  close(): Promise<void>;
}

/** One client connection of a system, open and ready for calls when {@link SystemAdapter.connect} resolves. */
export interface BenchConnection {
  /** One request/response call that echoes `payload`. */
  call(payload: Payload): Promise<Payload>;
  /** Subscribes to the fan-out stream; resolves once the subscription request is sent. */
  subscribe(onEvent: (event: TickEvent) => void): Promise<void>;
  close(): Promise<void>;
}

/** How a client connection is opened. */
export interface ConnectOptions {
  /**
   * Loopback source address to connect from, e.g. `127.0.0.2`: one source address has only ~28k
   * ephemeral ports towards one server port, so 50,000 connections need several.
   * @default chosen by the OS (127.0.0.1)
   */
  readonly localAddress?: string;
}

/**
 * Largest frame the bench's servers accept, raised from wirecall's and socket.io's 1 MiB defaults
 * so the payload-size workload can echo 1 MiB strings (plus their envelope) on every system.
 */
export const BENCH_MAX_MESSAGE_BYTES = 8 * 1_048_576;

/**
 * Connections a bench server accepts, raised from wirecall's default of 10,000 so the
 * idle-connections workload can reach 50,000 (plus its one active connection).
 */
export const BENCH_MAX_CONNECTIONS = 100_000;

/**
 * Handshakes a bench server takes at once from one address. Every bench client connects from
 * loopback, as every client does behind a reverse proxy, where wirecall's docs say to raise
 * `maxHandshakesPerIp` (default 200) to `maxHandshakes` (default 1,000): the scale workloads open
 * connections from 4 client processes, 100 handshakes at a time each.
 */
export const BENCH_MAX_HANDSHAKES_PER_IP = 1_000;

/** The names of the systems compared; `raw-ws` is the ceiling the others are measured against. */
export type SystemId =
  | 'raw-ws'
  | 'raw-ws-json'
  | 'wirecall'
  | 'wirecall-msgpack'
  | 'trpc'
  | 'socket.io'
  | 'wirecall-http'
  | 'trpc-http';

/** A system's name, as the orchestrator knows it without loading the system. */
export interface SystemInfo {
  readonly id: SystemId;
  /** Shown in the report. */
  readonly label: string;
  /**
   * `'http'` for a system over HTTP (calls as requests, events as Server-Sent Events): it runs
   * only the workloads marked `transport: 'http'`, and those run only it (and the baseline).
   * @default undefined (WebSocket)
   */
  readonly transport?: 'http';
  /**
   * A reference point rather than a system compared (raw-ws-json): it runs only when named in
   * `--systems`. @default false
   */
  readonly onlyWhenNamed?: boolean;
}

/** A system under test: both of its sides, so one file says everything about it. */
export interface SystemAdapter extends SystemInfo {
  /** Starts the server on 127.0.0.1; port 0 picks a free one. */
  startServer(port: number): Promise<BenchServer>;
  /** Opens one connection and waits until it is ready (handshake done). */
  connect(url: string, options?: ConnectOptions): Promise<BenchConnection>;
}
