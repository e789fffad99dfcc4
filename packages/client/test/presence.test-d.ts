import { createClient, type PresenceMember, type PresenceRoom } from '@wirecall/client';
import type { EventOf, HandlerEventOf, StateOf } from '@wirecall/core';
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
      PresenceRoom<OnlineState, { name: string; typing?: boolean }, { text: string; at: number }>
    >();
    room.onEvent((event) => {
      expectTypeOf(event).toEqualTypeOf<{ text: string; at: number }>();
    });
    expectTypeOf(room.onEvent).returns.toEqualTypeOf<() => void>();
    expectTypeOf(room.members()).toEqualTypeOf<readonly PresenceMember<OnlineState>[]>();
    expectTypeOf(room.members()[0]?.state.typing).toEqualTypeOf<boolean | undefined>();
    expectTypeOf<StateOf<typeof presenceContract.chat.online>>().toEqualTypeOf<OnlineState>();
    room.subscribe((members) => {
      expectTypeOf(members).toEqualTypeOf<readonly PresenceMember<OnlineState>[]>();
    });
    expectTypeOf(room.update).parameter(0).toEqualTypeOf<{ name: string; typing?: boolean }>();
    expectTypeOf(room.leave).returns.toBeVoid();
    const lobby = client.chat.lobby.join(undefined, 3);
    lobby.onEvent((event) => expectTypeOf(event).toBeNever());
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

describe('server presence types', () => {
  const server = createServer(presenceContract, { handlers: { chat: {} } });

  it('types members and publish from the contract', () => {
    const online = server.presence(presenceContract.chat.online);
    expectTypeOf(online.members({ room: 'a' })).toEqualTypeOf<
      Promise<PresenceMember<OnlineState>[]>
    >();
    expectTypeOf(online.publish({ room: 'a' }, { text: 'hi' })).toEqualTypeOf<Promise<void>>();
    // @ts-expect-error the room is a string
    online.members({ room: 1 });
    // @ts-expect-error an event needs its text
    online.publish({ room: 'a' }, { at: 1 });
    // @ts-expect-error a room with input needs it
    online.members();
    const lobby = server.presence(presenceContract.chat.lobby);
    expectTypeOf(lobby.members()).toEqualTypeOf<Promise<PresenceMember<number>[]>>();
    // @ts-expect-error a presence without an `event` schema publishes nothing
    lobby.publish('anything');
  });

  it('names what a presence publishes with EventOf and HandlerEventOf', () => {
    expectTypeOf<EventOf<typeof presenceContract.chat.online>>().toEqualTypeOf<{
      text: string;
      at: number;
    }>();
    expectTypeOf<HandlerEventOf<typeof presenceContract.chat.online>>().toEqualTypeOf<{
      text: string;
      at?: number;
    }>();
  });
});
