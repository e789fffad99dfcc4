import { createClient, type PresenceMember, type PresenceRoom } from '@wirecall/client';
import type { StateOf } from '@wirecall/core';
import { usePresence } from '@wirecall/react';
import { createServer, type Handlers } from '@wirecall/server';
import { presenceContract } from '@wirecall/test-utils';
import { describe, expectTypeOf, it } from 'vitest';

const client = createClient(presenceContract, { url: 'ws://localhost:8080' });
type OnlineState = { name: string; typing: boolean };

describe('presence types', () => {
  it('infers the members’ state from the contract', () => {
    const room = client.chat.online.join({ room: 'a' }, { name: 'ada' });
    expectTypeOf(room).toEqualTypeOf<
      PresenceRoom<OnlineState, { name: string; typing?: boolean }>
    >();
    expectTypeOf(room.members()).toEqualTypeOf<readonly PresenceMember<OnlineState>[]>();
    expectTypeOf(room.members()[0]?.state.typing).toEqualTypeOf<boolean | undefined>();
    expectTypeOf<StateOf<typeof presenceContract.chat.online>>().toEqualTypeOf<OnlineState>();
    room.subscribe((members) => {
      expectTypeOf(members).toEqualTypeOf<readonly PresenceMember<OnlineState>[]>();
    });
    expectTypeOf(room.update).parameter(0).toEqualTypeOf<{ name: string; typing?: boolean }>();
    expectTypeOf(room.leave).returns.toBeVoid();
    const lobby = client.chat.lobby.join(undefined, 3);
    expectTypeOf(lobby.members()[0]?.state).toEqualTypeOf<number | undefined>();
    expectTypeOf(usePresence(client.chat.online, { room: 'a' }, { name: 'a' })).toEqualTypeOf<
      readonly PresenceMember<OnlineState>[]
    >();
  });

  it('refuses a wrong room or state', () => {
    // @ts-expect-error the room is a string
    client.chat.online.join({ room: 1 }, { name: 'a' });
    // @ts-expect-error the state needs a name
    client.chat.online.join({ room: 'a' }, { typing: true });
    // @ts-expect-error a presence has no subscribe
    client.chat.online.subscribe;
  });

  it('lets the server leave a presence without a handler, or name the member in one', () => {
    createServer(presenceContract, { handlers: { chat: {} } });
    const handlers: Handlers<typeof presenceContract, { user: string }> = {
      chat: {
        online: (input, ctx) => {
          expectTypeOf(input).toEqualTypeOf<{ room: string }>();
          return ctx.user;
        },
      },
    };
    expectTypeOf(handlers).not.toBeAny();
    // @ts-expect-error a member id is a string
    const wrong: Handlers<typeof presenceContract, object> = { chat: { lobby: () => 42 } };
    expectTypeOf(wrong).not.toBeAny();
  });
});
