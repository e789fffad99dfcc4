import type { Frame } from '@wirecall/core';
import type { ServerSocket } from '../transport.js';
import type { FrameBudget } from './FrameBudget.js';

/**
 * The connection a {@link FrameGate} lets frames through to. Methods of the connection rather
 * than an options object of closures: those cost four objects per connection, idle or not.
 */
export interface FrameGateHost {
  /** Decodes and dispatches one frame within the budget. */
  dispatchFrame(frame: Frame): void;
  /** Whether the connection closed (a dispatched frame can close it). */
  readonly isClosed: boolean;
  /** Closes the connection for flooding (4430). */
  flooded(): void;
}

/**
 * Lets a connection's frames through to decoding within its {@link FrameBudget}. Over budget it
 * pauses the socket for a moment (TCP then holds the client back), keeps the frame and what the
 * socket still delivers, in order, and goes on with them when the budget allows: a burst is
 * slowed, nothing is lost. A transport that cannot pause, a client that has sent more than
 * half a burst more by the time its socket is paused (what the socket library still delivers: a
 * client waiting for answers has far fewer frames in flight), or one over budget pause after
 * pause is flooding: the sooner it is closed, the less it costs the others. A connection makes
 * its gate for its first frame over budget: within it, frames go straight on to decoding.
 */
export class FrameGate {
  readonly #socket: ServerSocket;
  readonly #budget: FrameBudget;
  readonly #host: FrameGateHost;
  /** Frames taken while the socket is paused, in order; undefined while it reads freely. */
  #held: Frame[] | undefined;

  constructor(socket: ServerSocket, budget: FrameBudget, host: FrameGateHost) {
    this.#socket = socket;
    this.#budget = budget;
    this.#host = host;
  }

  /** One frame from the socket, arrived at `now` (ms). */
  admit(frame: Frame, now: number): void {
    if (this.#held) {
      this.#hold(frame);
      return;
    }
    // Counted before decoding: a flood must not cost a decode and a validation per frame.
    if (this.#budget.take(now)) this.#host.dispatchFrame(frame);
    else this.refused(frame);
  }

  /**
   * A frame the budget turned down (by {@link admit}, or by the connection before it had a gate):
   * held, with the socket paused, or the connection closed for flooding.
   */
  refused(frame: Frame): void {
    const socket = this.#socket;
    if (!socket.pause || !socket.resume) {
      this.#host.flooded();
      return;
    }
    this.#held = [];
    this.#hold(frame);
    socket.pause();
    this.#wait();
  }

  #hold(frame: Frame): void {
    const held = this.#held as Frame[];
    if (held.length >= this.#budget.held) {
      this.#held = undefined;
      this.#host.flooded();
      return;
    }
    held.push(frame);
  }

  /** Waits as long as the budget says, or gives up on a client that keeps flooding. */
  #wait(): void {
    const pauseMs = this.#budget.pause(Date.now());
    if (pauseMs === undefined) {
      this.#held = undefined;
      this.#host.flooded();
      return;
    }
    const timer = setTimeout(() => this.#release(), pauseMs);
    (timer as { unref?: () => void }).unref?.();
  }

  /** The pause is over: the held frames go on within the budget, then the socket reads again. */
  #release(): void {
    const held = this.#held;
    const host = this.#host;
    if (held === undefined || host.isClosed) return;
    let next = 0;
    while (next < held.length) {
      if (!this.#budget.take(Date.now())) {
        held.splice(0, next);
        this.#wait();
        return;
      }
      host.dispatchFrame(held[next++] as Frame);
      if (host.isClosed) return;
    }
    this.#held = undefined;
    this.#socket.resume?.();
  }
}
