import type { Frame } from '@wirecall/core';
import type { ServerSocket } from '@wirecall/server';

/** A {@link ServerSocket} kept in memory, for fuzz tests that open thousands of connections. */
export interface MemorySocket {
  /** Hand it to `server.accept`. */
  readonly socket: ServerSocket;
  /** Every frame the server sent, in order. */
  readonly sent: Frame[];
  /** The close code once the server or the peer closed it. */
  readonly state: { closedWith: number | undefined };
  /** Delivers a frame to the server, as the peer sending it would. */
  receive(frame: Frame): void;
  /** The peer goes away, as a dropped TCP connection would. */
  drop(): void;
}

/**
 * An in-memory transport on subprotocol `protocol` that records what the server sends and how it
 * closes. Only for fuzzing the decoder and dispatcher at a rate real sockets cannot reach; every
 * other test talks over a real socket.
 */
export function memorySocket(protocol = 'wirecall.v1'): MemorySocket {
  let onMessage: ((frame: Frame) => void) | undefined;
  let onClose: ((code: number, reason: string) => void) | undefined;
  const sent: Frame[] = [];
  const state: MemorySocket['state'] = { closedWith: undefined };
  const closeWith = (code: number) => {
    if (state.closedWith !== undefined) return;
    state.closedWith = code;
    onClose?.(code, '');
  };
  const socket: ServerSocket = {
    protocol,
    bufferedAmount: 0,
    send: (frame) => {
      if (state.closedWith !== undefined) throw new Error('send after close');
      sent.push(frame);
    },
    close: closeWith,
    onMessage: (listener) => {
      onMessage = listener;
    },
    onClose: (listener) => {
      onClose = listener;
    },
  };
  return {
    socket,
    sent,
    state,
    receive(frame) {
      if (state.closedWith === undefined) onMessage?.(frame);
    },
    drop: () => closeWith(1006),
  };
}
