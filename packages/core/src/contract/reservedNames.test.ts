import { describe, expect, it } from 'vitest';
import { defineContract } from './defineContract.js';
import { query } from './procedure.js';
import { CLIENT_MEMBER_NAMES, OBJECT_MEMBER_NAMES } from './reservedNames.js';

const procedure = query({});

describe('defineContract refuses names the client object already has', () => {
  it.each([...CLIENT_MEMBER_NAMES, ...OBJECT_MEMBER_NAMES].filter((name) => name !== '__proto__'))(
    'refuses a top-level "%s", naming it',
    (name) => {
      expect(() => defineContract({ [name]: procedure } as never)).toThrow(
        new RegExp(`"${name}" collides with the client's own "${name}"`),
      );
    },
  );

  it.each(OBJECT_MEMBER_NAMES.filter((name) => name !== '__proto__'))(
    'refuses "%s" in a namespace, with its path',
    (name) => {
      expect(() => defineContract({ chat: { [name]: procedure } } as never)).toThrow(
        new RegExp(`"chat\\.${name}" collides`),
      );
    },
  );

  it('takes client member names inside namespaces, and names the client does not have', () => {
    const api = defineContract({
      send: procedure,
      call: procedure,
      subscribe: procedure,
      room: { close: procedure, on: procedure, state: procedure },
    });
    expect(Object.keys(api)).toEqual(['send', 'call', 'subscribe', 'room']);
  });
});
