/**
 * An `AbortController` made only when someone reads its `signal`. Node's controllers are costly
 * to create (a large share of a small call's server time) and most calls never look at theirs:
 * until a handler reads `ctx.signal`, aborting just sets a flag.
 */
export class LazyAbortController {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;

  /** Whether {@link abort} was called. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** The signal, created on first use (already aborted if {@link abort} came first). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Aborts the signal with `reason`, or remembers it for a signal not created yet. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
