/**
 * A wirecall server of {@link conformanceContract}, started by a target for one conformance case:
 * in this process, or in a child process of another runtime.
 */
export interface ConformanceServer {
  /**
   * `ws://127.0.0.1:<port><path>` of the wirecall endpoint. Loopback IPv4, so the suite can put a
   * TCP proxy in front of it to cut and stall connections.
   */
  readonly url: string;
  /**
   * Closes the server gracefully with {@link conformanceCloseOptions}, as a deploy does (running
   * calls finish, then clients see 1001),
   * and resolves once it is gone. Called again at the end of every case: must be idempotent.
   */
  close(): Promise<void>;
}

/**
 * Starts a fresh server serving {@link conformanceContract} with
 * {@link conformanceServerOptions}, for one case. A `dispose` on the function, if any, runs after
 * the last case (to stop a server started ahead, say).
 */
export type StartConformanceServer = (() => Promise<ConformanceServer>) & {
  dispose?: () => Promise<void>;
};
