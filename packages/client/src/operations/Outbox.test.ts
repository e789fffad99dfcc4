import {
  type CallMessage,
  ErrorCode,
  type Frame,
  isRpcError,
  jsonCodec,
  type RpcError,
} from '@wirecall/core';
import { encodeMessage } from '@wirecall/core/internal';
import { describe, expect, it } from 'vitest';
import type { Timers } from '../connection/timers.js';
import { Outbox } from './Outbox.js';
import type { Operation } from './operation.js';

/** A call-shaped operation with an input the test can change; counts how often it is encoded. */
function fakeCall(id: number, input: unknown) {
  const call = {
    id,
    kind: 'call' as const,
    sent: false,
    input,
    built: 0,
    failure: undefined as RpcError | undefined,
    startMessage(): CallMessage {
      call.built++;
      return { type: 'call', id, path: 'echo', input: call.input };
    },
    handle() {},
    connectionLost() {},
    fail(error: RpcError) {
      call.failure = error;
    },
  };
  return call satisfies Operation;
}

/** Timers the test fires by hand. */
function manualTimers() {
  const due: Array<() => void> = [];
  const timers: Timers = {
    setTimeout: (callback) => due.push(callback),
    clearTimeout: () => {},
  };
  const fire = () => {
    for (const callback of due.splice(0)) callback();
  };
  return { timers, fire };
}

/** An outbox over a socket whose buffer only drains when the test says. */
function setup(highWaterMark: number) {
  const written: Frame[] = [];
  let buffered = 0;
  const { timers, fire } = manualTimers();
  const outbox = new Outbox({
    encode: (message) => encodeMessage(jsonCodec, message),
    send: (frame) => {
      written.push(frame);
      buffered += (frame as string).length;
      return true;
    },
    bufferedAmount: () => buffered,
    highWaterMark,
    drainCheckMs: 10,
    timers,
  });
  outbox.opened(undefined, []);
  const drain = () => {
    buffered = 0;
    fire();
  };
  return { outbox, written, buffered: () => buffered, drain };
}

describe('Outbox', () => {
  it('never lets what is buffered pass the high-water mark, and encodes a waiting call only when it goes', () => {
    const { outbox, written, buffered, drain } = setup(1_000);
    const calls = Array.from({ length: 20 }, (_, n) => fakeCall(n + 1, 'x'.repeat(200)));
    for (const call of calls) {
      outbox.enqueue(call);
      expect(buffered()).toBeLessThanOrEqual(1_000);
    }
    expect(written.length).toBe(4);
    // The waiting calls were never encoded, but for the one whose turn came and did not fit.
    expect(calls.slice(5).every((call) => call.built === 0)).toBe(true);
    while (outbox.queued > 0) {
      drain();
      expect(buffered()).toBeLessThanOrEqual(1_000);
    }
    expect(written.length).toBe(20);
    // The call that met a full buffer kept its frame for its turn: encoded once, not per check.
    expect(calls[4]?.built).toBe(1);
  });

  it('uses the frame a call was encoded into when it goes out at once', () => {
    const { outbox, written } = setup(1_000);
    const call = fakeCall(1, 'hello');
    const frame = JSON.stringify(call.startMessage());
    outbox.enqueue(call, frame);
    expect(written).toEqual([frame]);
    expect(call.built).toBe(1);
  });

  it('sends calls made with their frames at once only while nothing waits, in order and under the mark', () => {
    const { outbox, written, buffered, drain } = setup(1_000);
    const calls = Array.from({ length: 10 }, (_, n) => fakeCall(n + 1, 'x'.repeat(200)));
    for (const call of calls) {
      outbox.enqueue(call, JSON.stringify(call.startMessage()));
      expect(buffered()).toBeLessThanOrEqual(1_000);
    }
    expect(written.length).toBe(4);
    while (outbox.queued > 0) drain();
    expect(written.map((frame) => JSON.parse(frame as string).id)).toEqual(
      calls.map((call) => call.id),
    );
    // The one that met a full buffer kept its frame; those behind it were encoded again for
    // their turn, as without frames.
    expect(calls.map((call) => call.built)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
  });

  it("keeps calls made with their frames within the server's maxCallsInFlight", () => {
    const { outbox, written } = setup(10_000);
    outbox.opened({ maxCallsInFlight: 2, maxSubscriptions: 10, maxMessageBytes: 1_000_000 }, []);
    const calls = [1, 2, 3].map((id) => fakeCall(id, 'x'));
    for (const call of calls) outbox.enqueue(call, JSON.stringify(call.startMessage()));
    expect(written).toHaveLength(2);
    expect(outbox.callsOnWire).toBe(2);
    outbox.remove(calls[0] as Operation);
    expect(written.map((frame) => JSON.parse(frame as string).id)).toEqual([1, 2, 3]);
    expect(outbox.callsOnWire).toBe(2);
  });

  it('sends a single frame larger than the mark once nothing else is buffered', () => {
    const { outbox, written, drain } = setup(100);
    outbox.enqueue(fakeCall(1, 'a'.repeat(50)));
    outbox.enqueue(fakeCall(2, 'b'.repeat(500)));
    expect(written).toHaveLength(1);
    drain();
    expect(written).toHaveLength(2);
  });

  it('fails a queued call whose input can no longer be encoded, and sends the ones behind it', () => {
    const { outbox, written, drain } = setup(300);
    const first = fakeCall(1, 'x'.repeat(250));
    // Its turn comes first, and it waits, encoded, for room.
    const second = fakeCall(2, 'y'.repeat(200));
    const broken = fakeCall(3, {});
    const last = fakeCall(4, 'fine');
    for (const call of [first, second, broken, last]) outbox.enqueue(call);
    expect(broken.built).toBe(0);
    // The app changed the input after the call: it became circular while it waited.
    (broken.input as Record<string, unknown>).self = broken.input;
    drain();
    drain();
    expect(isRpcError(broken.failure, ErrorCode.BAD_INPUT)).toBe(true);
    expect(broken.failure?.message).toMatch(/"echo" cannot be sent: it refers to itself/);
    expect(written.map((frame) => JSON.parse(frame as string).id)).toEqual([1, 2, 4]);
  });
});
