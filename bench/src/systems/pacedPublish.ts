import { setImmediate as nextTurn } from 'node:timers/promises';

/** Events emitted between two turns of the event loop. */
const BATCH = 64;

/**
 * Emits `count` events as fast as the system accepts them: a batch at a time, giving the event loop
 * a turn between batches so sockets get written, and waiting while the system reports itself busy
 * (its own queue or socket buffers above a high-water mark).
 */
export async function pacedPublish(
  count: number,
  emit: (seq: number) => void,
  isBusy: () => boolean,
): Promise<void> {
  for (let seq = 0; seq < count; seq++) {
    emit(seq);
    if ((seq + 1) % BATCH === 0) {
      await nextTurn();
      while (isBusy()) await nextTurn();
    }
  }
}
