import { describe, expect, it } from 'vitest';
import { jsonCodec } from './codec.js';
import { FrameBatcher } from './frameBatcher.js';

/** A sink that records what is written; a real socket is not needed to see how frames are joined. */
function recorder(result?: () => Promise<void>) {
  const written: string[] = [];
  return {
    written,
    send: (frame: string | Uint8Array) => {
      written.push(frame as string);
      return result?.();
    },
  };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('FrameBatcher', () => {
  it('writes what is pushed in one turn as one frame, once the turn is over', async () => {
    const sink = recorder();
    const batcher = new FrameBatcher(sink, jsonCodec, 1_000);
    batcher.push('{"a":1}');
    await Promise.resolve();
    // Pushed from a microtask, deep in the same turn: still the same batch.
    await Promise.resolve().then(() => batcher.push('{"b":2}'));
    expect(sink.written).toEqual([]);
    expect(batcher.pendingSize).toBe(14);
    await turn();
    expect(sink.written).toEqual(['[{"a":1},{"b":2}]']);
    expect(batcher.pendingSize).toBe(0);
  });

  it('writes a lone message as itself, not as a batch of one', async () => {
    const sink = recorder();
    const batcher = new FrameBatcher(sink, jsonCodec, 1_000);
    batcher.push('{"a":1}');
    await turn();
    batcher.push('{"b":2}');
    await turn();
    expect(sink.written).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('sendNow writes the first frame of a turn at once and batches the rest of the turn behind it', async () => {
    const sink = recorder();
    const batcher = new FrameBatcher(sink, jsonCodec, 1_000);
    batcher.sendNow('{"a":1}');
    expect(sink.written).toEqual(['{"a":1}']);
    // Twenty lone answers in one turn: the first leaves now, the others in one batch.
    for (const n of [2, 3, 4]) batcher.sendNow(`{"n":${n}}`);
    batcher.push('{"n":5}');
    expect(sink.written).toEqual(['{"a":1}']);
    await turn();
    expect(sink.written).toEqual(['{"a":1}', '[{"n":2},{"n":3},{"n":4},{"n":5}]']);
    // A new turn: at once again.
    batcher.sendNow('{"b":2}');
    expect(sink.written.at(-1)).toBe('{"b":2}');
  });

  it('sendNow queues behind frames already waiting, keeping their order', async () => {
    const sink = recorder();
    const batcher = new FrameBatcher(sink, jsonCodec, 1_000);
    batcher.push('{"a":1}');
    batcher.sendNow('{"b":2}');
    expect(sink.written).toEqual([]);
    await turn();
    expect(sink.written).toEqual(['[{"a":1},{"b":2}]']);
  });

  it('starts a new frame before a batch would grow past maxBatchSize', async () => {
    const sink = recorder();
    const batcher = new FrameBatcher(sink, jsonCodec, 20);
    for (const n of [1, 2, 3, 4]) batcher.push(`{"n":${n}}`);
    batcher.push(`{"big":"${'x'.repeat(40)}"}`);
    batcher.push('{"n":5}');
    await turn();
    expect(sink.written).toEqual([
      '[{"n":1},{"n":2}]',
      '[{"n":3},{"n":4}]',
      `{"big":"${'x'.repeat(40)}"}`,
      '{"n":5}',
    ]);
    for (const frame of sink.written.slice(0, 2)) expect(frame.length).toBeLessThanOrEqual(20 + 3);
  });

  it('keeps the batches of several sinks apart', async () => {
    const one = recorder();
    const two = recorder();
    const a = new FrameBatcher(one, jsonCodec, 1_000);
    const b = new FrameBatcher(two, jsonCodec, 1_000);
    a.push('{"a":1}');
    b.push('{"b":1}');
    a.push('{"a":2}');
    await turn();
    expect(one.written).toEqual(['[{"a":1},{"a":2}]']);
    expect(two.written).toEqual(['{"b":1}']);
  });

  it('flushes at once when asked, and later pushes start a new batch', async () => {
    const sink = recorder();
    const batcher = new FrameBatcher(sink, jsonCodec, 1_000);
    batcher.push('{"a":1}');
    batcher.flush();
    expect(sink.written).toEqual(['{"a":1}']);
    batcher.push('{"a":2}');
    await turn();
    expect(sink.written).toEqual(['{"a":1}', '{"a":2}']);
  });

  it('drops what waits and ignores later pushes once discarded', async () => {
    const sink = recorder();
    const batcher = new FrameBatcher(sink, jsonCodec, 1_000);
    batcher.push('{"a":1}');
    batcher.discard();
    batcher.push('{"a":2}');
    await turn();
    expect(sink.written).toEqual([]);
  });

  it("hands on the transport's pending promise until it settles", async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sink = recorder(() => blocked);
    const batcher = new FrameBatcher(sink, jsonCodec, 1_000);
    expect(batcher.push('{"a":1}')).toBeUndefined();
    await turn();
    expect(batcher.push('{"a":2}')).toBe(blocked);
    release();
    await blocked;
    await Promise.resolve();
    expect(batcher.push('{"a":3}')).toBeUndefined();
  });

  it('tells the sink when a flush at the end of the turn fails, and still writes the other sinks', async () => {
    const errors: unknown[] = [];
    const failing = {
      send: () => {
        throw new TypeError('socket gone');
      },
      onError: (error: unknown) => errors.push(error),
    };
    const healthy = recorder();
    const first = new FrameBatcher(failing, jsonCodec, 1_000);
    const second = new FrameBatcher(healthy, jsonCodec, 1_000);
    first.push('{"a":1}');
    second.push('{"b":2}');
    await turn();
    expect(errors).toEqual([new TypeError('socket gone')]);
    expect(healthy.written).toEqual(['{"b":2}']);
  });
});
