import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { corkForTurn } from './turnCork.js';

/** A stream that records each write it is asked to make, as the batches of chunks it got. */
function recorder() {
  const writes: string[][] = [];
  const stream = new Writable({
    writev(chunks, callback) {
      writes.push(chunks.map(({ chunk }) => String(chunk)));
      callback();
    },
    write(chunk, _encoding, callback) {
      writes.push([String(chunk)]);
      callback();
    },
  });
  return { stream, writes };
}

describe('corkForTurn', () => {
  it('writes what one turn sent as one write once its work is done', async () => {
    const { stream, writes } = recorder();
    for (const frame of ['a', 'b', 'c']) {
      corkForTurn(stream);
      stream.write(frame);
    }
    expect(writes).toEqual([]);
    // Held data counts as not yet written, as a socket's bufferedAmount would show.
    expect(stream.writableLength).toBe(3);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(writes).toEqual([['a', 'b', 'c']]);
    corkForTurn(stream);
    stream.write('d');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('leaves a destroyed stream alone', () => {
    const { stream } = recorder();
    stream.destroy();
    corkForTurn(stream);
    expect(stream.writableCorked).toBe(0);
  });
});
