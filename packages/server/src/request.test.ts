import { describe, expect, it } from 'vitest';
import { describeRequest, isConnectionRequest } from './request.js';

describe('describeRequest', () => {
  it('keeps a record of lower-case single values as it is', () => {
    const headers = { cookie: 'a=1', 'sec-websocket-protocol': 'wirecall.v1' };
    const request = describeRequest({ url: '/rpc?room=7', headers, remoteAddress: '::1' });
    expect(request.headers).toBe(headers);
    expect(request.header('Cookie')).toBe('a=1');
    expect(request.url).toBe('/rpc?room=7');
    expect(request.remoteAddress).toBe('::1');
    expect(request.socket.remoteAddress).toBe('::1');
    expect(isConnectionRequest(request)).toBe(true);
  });

  it('joins repeated values and lower-cases names, as WHATWG Headers do', () => {
    const request = describeRequest({ headers: { 'X-Tag': ['a', 'b'], Host: 'example.com' } });
    expect(request.headers).toEqual({ 'x-tag': 'a, b', host: 'example.com' });
    expect(request.header('x-tag')).toBe('a, b');
    expect(request.url).toBe('/');
  });

  it('takes a WHATWG Headers or [name, value] pairs', () => {
    const fromHeaders = describeRequest({
      url: 'https://example.com/rpc',
      headers: new Headers({ Authorization: 'Bearer t', Accept: 'x' }),
    });
    expect(fromHeaders.header('authorization')).toBe('Bearer t');
    const fromPairs = describeRequest({
      headers: [
        ['Accept', 'a'],
        ['accept', 'b'],
      ],
    });
    expect(fromPairs.header('ACCEPT')).toBe('a, b');
  });

  it('finds no header behind a prototype name, and a header named like one is only a header', () => {
    const request = describeRequest({ headers: [['constructor', 'x']] });
    expect(request.header('constructor')).toBe('x');
    expect(describeRequest({}).header('constructor')).toBeUndefined();
    expect(describeRequest({ headers: {} }).header('toString')).toBeUndefined();
  });

  it('is told apart from a Node request handed to accept', () => {
    expect(isConnectionRequest({ url: '/', headers: {}, header: () => undefined })).toBe(false);
  });
});
