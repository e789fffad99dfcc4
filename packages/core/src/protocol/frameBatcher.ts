import { type BatchingCodec, type Frame, frameSize } from './codec.js';

/** Where a {@link FrameBatcher} writes: a socket, or anything with its `send`. */
export interface FrameSink {
  /**
   * Writes one frame. A returned promise means the transport wants its callers to wait: the
   * batcher hands it on from `push` until it settles.
   */
  send(frame: Frame): void | Promise<void>;
  /**
   * Told when a flush at the end of a turn failed (`send` or joining the frames threw), so the
   * owner can close the transport and settle what the batch carried. Without it the error is
   * rethrown from a microtask, as before; a flush called directly throws to its caller.
   */
  onError?(error: unknown): void;
}

/**
 * The batch size both sides use, in characters: about 2 KiB of ASCII. Small on purpose: a batch
 * goes out as soon as it is full, so the peer starts on the first messages of a burst while the
 * rest are still being made. With 64 KiB batches, 64 calls in flight went out as one frame and
 * came back as one, and the two processes took turns instead of working at once: 0.8× raw `ws`
 * instead of 1.5× in the benchmark (bench/README.md).
 */
export const DEFAULT_MAX_BATCH_SIZE = 2_048;

/**
 * Runs `flush` once the current work is done: in Node after the I/O callback and every microtask
 * it queued (`process.nextTick` from a microtask runs once they have all run), elsewhere after
 * the current task (a `MessageChannel` message in browsers and Deno, else `setTimeout(0)`).
 */
function scheduler(flush: () => void): () => void {
  const runtime = globalThis as {
    process?: { nextTick?: (callback: () => void) => void };
    MessageChannel?: new () => {
      port1: { onmessage: (() => void) | null };
      port2: { postMessage(value: null): void };
    };
  };
  const nextTick = runtime.process?.nextTick;
  if (typeof nextTick === 'function') return () => nextTick(flush);
  const { MessageChannel } = runtime;
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    channel.port1.onmessage = flush;
    return () => channel.port2.postMessage(null);
  }
  return () => void setTimeout(flush, 0);
}

/**
 * Collects the frames one side sends during a turn of the event loop and writes them as one
 * frame (a batch) once the turn's work is done: a burst of answers or events then costs one
 * WebSocket frame, one system call and one parse on the other side instead of one each.
 * Nothing waits past the current turn, so latency does not change. Only for peers that said
 * they take batches.
 */
export class FrameBatcher {
  readonly #sink: FrameSink;
  readonly #codec: BatchingCodec;
  readonly #maxBatchSize: number;
  /** None while nothing waits: an idle connection keeps no array. */
  #frames: Frame[] | undefined;
  #size = 0;
  #blocked: Promise<void> | undefined;
  #queued = false;
  #discarded = false;

  /** Batchers with frames waiting: one scheduled flush per turn serves every connection. */
  static #due: FrameBatcher[] = [];

  static readonly #scheduleFlush = scheduler(() => {
    // A flush can make listeners send more: those batchers join the next round.
    // Taken whole rather than copied out with `splice`.
    const due = FrameBatcher.#due;
    FrameBatcher.#due = [];
    for (const batcher of due) {
      batcher.#queued = false;
      try {
        batcher.flush();
      } catch (error) {
        // One failing socket must not keep the others' frames back; its owner hears of it.
        const sink = batcher.#sink;
        if (typeof sink.onError === 'function') sink.onError(error);
        else
          queueMicrotask(() => {
            throw error;
          });
      }
    }
  });

  /**
   * @param sink where batches are written.
   * @param codec joins the frames of a batch.
   * @param maxBatchSize largest batch, in string length for text frames (at most 3 bytes each in
   * UTF-8) or bytes for binary ones; a frame that alone is larger goes out alone.
   */
  constructor(sink: FrameSink, codec: BatchingCodec, maxBatchSize: number) {
    this.#sink = sink;
    this.#codec = codec;
    this.#maxBatchSize = maxBatchSize;
  }

  /** Length of the frames waiting to be written, measured as `maxBatchSize` is. */
  get pendingSize(): number {
    return this.#size;
  }

  /**
   * Queues a frame for the end of the current turn. Returns the transport's pending promise
   * while it asks writers to wait.
   */
  push(frame: Frame): void | Promise<void> {
    if (this.#discarded) return;
    const size = frameSize(frame);
    if (this.#frames && this.#size + size > this.#maxBatchSize) this.flush();
    this.#frames ??= [];
    this.#frames.push(frame);
    this.#size += size;
    if (!this.#queued) {
      this.#queued = true;
      if (FrameBatcher.#due.push(this) === 1) FrameBatcher.#scheduleFlush();
    }
    return this.#blocked;
  }

  /**
   * Writes `frame` at once when it is the first of this turn (nothing waits and nothing was
   * written yet), else queues it as {@link push} does: one lone answer leaves without waiting
   * for the turn to end, and whatever follows in the same turn is batched behind it as before.
   */
  sendNow(frame: Frame): void | Promise<void> {
    if (this.#discarded) return;
    if (this.#queued || this.#frames) return this.push(frame);
    // Marks the turn as started: later frames of it join a batch (the flush finds none waiting).
    this.#queued = true;
    if (FrameBatcher.#due.push(this) === 1) FrameBatcher.#scheduleFlush();
    this.#write(frame);
    return this.#blocked;
  }

  /** Writes what is waiting now, as one frame. */
  flush(): void {
    const frames = this.#frames;
    if (!frames) return;
    this.#frames = undefined;
    this.#size = 0;
    this.#write(frames.length === 1 ? (frames[0] as Frame) : this.#codec.joinFrames(frames));
  }

  #write(frame: Frame): void {
    const written = this.#sink.send(frame);
    if (written) {
      this.#blocked = written;
      const unblock = () => {
        if (this.#blocked === written) this.#blocked = undefined;
      };
      written.then(unblock, unblock);
    }
  }

  /** Drops what is waiting and ignores later frames: the socket is gone. */
  discard(): void {
    this.#discarded = true;
    this.#frames = undefined;
    this.#size = 0;
  }
}
