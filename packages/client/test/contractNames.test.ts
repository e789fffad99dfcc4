import { createClient, WirecallClient } from '@wirecall/client';
import { CLIENT_MEMBER_NAMES, defineContract, OBJECT_MEMBER_NAMES, query } from '@wirecall/core';
import { describe, expect, it } from 'vitest';

describe("the names defineContract keeps for the client's own members", () => {
  it("are exactly the real client's members", () => {
    const client = createClient(defineContract({}), { url: 'ws://127.0.0.1:9', lazy: true });
    try {
      const members = new Set([
        ...Object.getOwnPropertyNames(WirecallClient.prototype),
        ...Object.keys(client),
      ]);
      members.delete('constructor');
      expect([...members].sort()).toEqual([...CLIENT_MEMBER_NAMES].sort());
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
        [...OBJECT_MEMBER_NAMES].sort(),
      );
    } finally {
      client.close();
    }
  });

  it('leave every other name to the contract: send, call and subscribe are handles', async () => {
    const api = defineContract({
      send: query({}),
      call: query({}),
      subscribe: query({}),
    });
    const client = createClient(api, { url: 'ws://127.0.0.1:9', lazy: true });
    try {
      expect(client.send.path).toBe('send');
      expect(client.call.path).toBe('call');
      expect(client.subscribe.path).toBe('subscribe');
    } finally {
      client.close();
    }
  });
});
