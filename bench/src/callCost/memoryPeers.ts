import { type Client, createClient, type WebSocketLike } from '@wirecall/client';
import { createServer, type ServerSocket } from '@wirecall/server';
import type { Payload } from '../systems/types.js';
import { benchContract } from '../systems/wirecall.js';

/** Makes one echo call and resolves with its answer. */
export type Call = (payload: Payload) => Promise<Payload>;

/** A side of a call under test, with its peer faked in memory, and how to put it away. */
export interface MeasuredSide {
  readonly call: Call;
  close(): Promise<void>;
}

/** Where the result's output starts in a call frame the client encoded (its keys in order). */
const INPUT_KEY = '"input":';

/**
 * A wirecall client whose server is faked in memory: it answers each call at once, made from
 * the call frame with string operations (no parse, no encode), so what is measured is the
 * client's work, as a raw `ws` server echoing bytes costs nothing either.
 */
export async function wirecallClientSide(): Promise<MeasuredSide> {
  class FakeServer implements WebSocketLike {
    readyState = 0;
    protocol = '';
    bufferedAmount = 0;
    binaryType = 'arraybuffer';
    onopen: WebSocketLike['onopen'] = null;
    onmessage: WebSocketLike['onmessage'] = null;
    onclose: WebSocketLike['onclose'] = null;
    onerror: WebSocketLike['onerror'] = null;

    constructor(_url: string, protocols?: string | string[]) {
      const offered = typeof protocols === 'string' ? protocols : (protocols?.[0] ?? '');
      setImmediate(() => {
        this.readyState = 1;
        this.protocol = offered;
        this.onopen?.({});
      });
    }

    send(data: string | ArrayBufferLike | ArrayBufferView): void {
      const frame = String(data);
      if (frame.startsWith('{"type":"hello"')) {
        const limits = { maxCallsInFlight: 64, maxSubscriptions: 100, maxMessageBytes: 1 << 20 };
        this.onmessage?.({ data: JSON.stringify({ type: 'welcome', limits, batch: true }) });
        return;
      }
      const idAt = frame.indexOf('"id":') + 5;
      const id = frame.slice(idAt, frame.indexOf(',', idAt));
      const output = frame.slice(frame.indexOf(INPUT_KEY) + INPUT_KEY.length, -1);
      this.onmessage?.({ data: `{"type":"result","id":${id},"output":${output}}` });
    }

    close(): void {
      this.readyState = 3;
    }
  }
  const client: Client<typeof benchContract> = createClient(benchContract, {
    url: 'ws://memory.invalid',
    WebSocket: FakeServer,
  });
  await new Promise<void>((resolve) => {
    const off = client.on('open', () => {
      off();
      resolve();
    });
  });
  return { call: (payload) => client.echo(payload), close: async () => client.close() };
}

/** The raw `ws` bench client's work (rawWs.ts): a pending map, one encode, one parse. */
export async function rawClientSide(): Promise<MeasuredSide> {
  const pending = new Map<number, (payload: Payload) => void>();
  let nextId = 1;
  const onMessage = (data: string) => {
    const message = JSON.parse(data) as { id: number; p: Payload };
    const resolve = pending.get(message.id);
    pending.delete(message.id);
    resolve?.(message.p);
  };
  const call: Call = (payload) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      // The echo server: the frame comes back as it went, on a later turn as from a socket.
      const frame = JSON.stringify({ id, p: payload });
      process.nextTick(onMessage, frame);
    });
  return { call, close: async () => {} };
}

/**
 * A fake client that sends call frames to a wirecall server over an in-memory socket and parses
 * each answer; `raw` replaces the server with an echo of the frame, which is all raw `ws` does.
 */
export async function serverSide(raw: boolean): Promise<MeasuredSide> {
  let deliver: ((frame: string) => void) | undefined;
  let answered: ((frame: string) => void) | undefined;
  let socketClosed: ((code: number, reason: string) => void) | undefined;
  let nextId = 1;
  const call: Call = (payload) =>
    new Promise((resolve) => {
      answered = (frame) => resolve((JSON.parse(frame) as { output: Payload }).output);
      const id = nextId++;
      (deliver as (frame: string) => void)(
        JSON.stringify({ type: 'call', id, path: 'echo', input: payload }),
      );
    });
  if (raw) {
    deliver = (frame) => process.nextTick(() => answered?.(frame.replace(INPUT_KEY, '"output":')));
    return { call, close: async () => {} };
  }
  const server = createServer(benchContract, {
    handlers: { echo: (input) => input, ticks: async function* () {} },
    // One process makes calls far faster than a socket carries them: the frame budget would
    // take this for a flood. Every other option keeps its default.
    maxFramesPerSecond: Number.MAX_SAFE_INTEGER,
  });
  const socket: ServerSocket = {
    protocol: 'wirecall.v1',
    bufferedAmount: 0,
    send: (frame) => {
      if (String(frame).startsWith('{"type":"result"')) answered?.(String(frame));
    },
    close: () => {},
    onMessage: (listener) => {
      deliver = listener as (frame: string) => void;
    },
    onClose: (listener) => {
      socketClosed = listener;
    },
  };
  server.accept(socket, { url: '/', headers: {}, remoteAddress: '127.0.0.1' });
  (deliver as (frame: string) => void)(JSON.stringify({ type: 'hello', batch: true }));
  await new Promise((resolve) => setTimeout(resolve, 10));
  return {
    call,
    close: async () => {
      // The in-memory socket has no close handshake to wait for.
      socketClosed?.(1000, '');
      await server.close();
    },
  };
}
