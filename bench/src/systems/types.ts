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

/** The names of the systems compared; `raw-ws` is the ceiling the others are measured against. */
export type SystemId = 'raw-ws' | 'wirecall' | 'wirecall-msgpack' | 'trpc' | 'socket.io';

/** A system's name, as the orchestrator knows it without loading the system. */
export interface SystemInfo {
  readonly id: SystemId;
  /** Shown in the report. */
  readonly label: string;
}

/** A system under test: both of its sides, so one file says everything about it. */
export interface SystemAdapter extends SystemInfo {
  /** Starts the server on 127.0.0.1; port 0 picks a free one. */
  startServer(port: number): Promise<BenchServer>;
  /** Opens one connection and waits until it is ready (handshake done). */
  connect(url: string): Promise<BenchConnection>;
}
