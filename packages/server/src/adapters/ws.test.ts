import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { fromWsSocket } from './ws.js';

/** Enough of a `ws` WebSocket for the adapter's listeners: it emits what a real one would. */
function fakeWs(): WebSocket & EventEmitter {
  return new EventEmitter() as unknown as WebSocket & EventEmitter;
}

describe('fromWsSocket', () => {
  it('hands frames and the close to one listener given with listen', () => {
    const ws = fakeWs();
    const listener = { received: vi.fn(), ended: vi.fn() };
    fromWsSocket(ws).listen?.(listener);
    ws.emit('message', Buffer.from('{"type":"ping"}'), false);
    ws.emit('close', 1000, Buffer.from('bye'));
    expect(listener.received).toHaveBeenCalledWith('{"type":"ping"}');
    expect(listener.ended).toHaveBeenCalledWith(1000, 'bye');
  });

  it('hands them to the two listeners of onMessage and onClose, in either order', () => {
    for (const messageFirst of [true, false]) {
      const ws = fakeWs();
      const socket = fromWsSocket(ws);
      const onMessage = vi.fn();
      const onClose = vi.fn();
      if (messageFirst) {
        socket.onMessage(onMessage);
        socket.onClose(onClose);
      } else {
        socket.onClose(onClose);
        socket.onMessage(onMessage);
      }
      ws.emit('message', Buffer.from([1, 2]), true);
      ws.emit('close', 4000, Buffer.from(''));
      expect(onMessage).toHaveBeenCalledTimes(1);
      expect(onMessage.mock.calls[0]?.[0]).toEqual(new Uint8Array([1, 2]));
      expect(onClose).toHaveBeenCalledWith(4000, '');
    }
  });

  it('hears each frame once when listeners are given more than once', () => {
    const ws = fakeWs();
    const socket = fromWsSocket(ws);
    const listener = { received: vi.fn(), ended: vi.fn() };
    socket.onMessage(vi.fn());
    socket.listen?.(listener);
    ws.emit('message', Buffer.from('{"type":"ping"}'), false);
    ws.emit('close', 1000, Buffer.from(''));
    expect(listener.received).toHaveBeenCalledTimes(1);
    expect(listener.ended).toHaveBeenCalledTimes(1);
  });
});
