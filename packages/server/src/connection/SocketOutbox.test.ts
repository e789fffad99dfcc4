import { type Frame, jsonCodec, type ServerMessage } from '@wirecall/core';
import { describe, expect, it } from 'vitest';
import type { ServerSocket } from '../transport.js';
import { SocketOutbox } from './SocketOutbox.js';

/** An outbox for a client that takes batches, over a socket that records its frames. */
function setup() {
  const frames: Frame[] = [];
  const socket: ServerSocket = {
    protocol: 'wirecall.v1',
    bufferedAmount: 0,
    send: (frame) => {
      frames.push(frame);
    },
    close: () => {},
    onMessage: () => {},
    onClose: () => {},
  };
  const limits = { highWaterMark: 1 << 20, slowSocketTimeoutMs: 30_000 };
  const outbox = new SocketOutbox(socket, { codec: jsonCodec, limits }, true, () => {});
  const turnEnd = () => new Promise((resolve) => setImmediate(resolve));
  return { outbox, frames, turnEnd };
}

const result = (id: number): ServerMessage => ({ type: 'result', id, output: id });

describe('SocketOutbox', () => {
  it('sends an answer at once while nothing waits, and batches what follows in the turn', async () => {
    const { outbox, frames, turnEnd } = setup();
    outbox.send(result(1), true);
    expect(frames).toEqual([JSON.stringify(result(1))]);
    outbox.send(result(2));
    outbox.send(result(3));
    expect(frames).toHaveLength(1);
    await turnEnd();
    expect(frames).toHaveLength(2);
    expect(JSON.parse(frames[1] as string)).toEqual([result(2), result(3)]);
  });

  it('keeps the order: an answer sent at once waits behind what is batched already', async () => {
    const { outbox, frames, turnEnd } = setup();
    outbox.send(result(1));
    outbox.send(result(2), true);
    expect(frames).toHaveLength(0);
    await turnEnd();
    expect(frames.map((frame) => JSON.parse(frame as string))).toEqual([[result(1), result(2)]]);
  });
});
