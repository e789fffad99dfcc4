import { describe, expect, it } from 'vitest';
import { jsonCodec } from './codec.js';
import { ProtocolError } from './parse.js';

describe('jsonCodec', () => {
  it('speaks wirecall.v1', () => {
    expect(jsonCodec.subprotocol).toBe('wirecall.v1');
  });

  it('round-trips a message through one text frame', () => {
    const frame = jsonCodec.encode({ type: 'call', id: 1, path: 'greet', input: { name: 'Ada' } });
    expect(typeof frame).toBe('string');
    expect(jsonCodec.decode(frame)).toEqual({
      type: 'call',
      id: 1,
      path: 'greet',
      input: { name: 'Ada' },
    });
  });

  it.each([
    ['valid JSON', new TextEncoder().encode('{"type":"ping"}')],
    ['invalid UTF-8', new Uint8Array([0xff, 0xfe, 0xfd])],
    ['nothing', new Uint8Array()],
  ])('rejects a binary frame holding %s', (_name, frame) => {
    expect(() => jsonCodec.decode(frame)).toThrow(ProtocolError);
  });

  it('throws on text that is not JSON', () => {
    expect(() => jsonCodec.decode('{"type":')).toThrow(SyntaxError);
  });
});

describe('jsonCodec.prepareEvent', () => {
  it.each([1, 9, 10, 127, 128, 65_536, Number.MAX_SAFE_INTEGER])(
    'makes the frame encode makes, for id %d',
    (id) => {
      for (const event of [
        { data: { a: [1, 'x'] }, eventId: 'e-1' },
        { data: 'text' },
        { data: undefined },
      ]) {
        const frame = jsonCodec.prepareEvent?.(event)(id);
        expect(JSON.parse(frame as string)).toEqual(
          JSON.parse(jsonCodec.encode({ type: 'event', id, ...event }) as string),
        );
      }
    },
  );

  it('throws what encode throws for a payload it cannot encode', () => {
    expect(() => jsonCodec.prepareEvent?.({ data: 1n })).toThrow(TypeError);
  });
});
