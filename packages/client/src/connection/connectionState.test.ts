import { describe, expect, it } from 'vitest';
import {
  type ConnectionAction,
  type ConnectionState,
  reduceConnectionState,
} from './connectionState.js';

const connect: ConnectionAction = { type: 'connect' };
const welcomed: ConnectionAction = { type: 'welcomed' };
const retry: ConnectionAction = { type: 'dropped', retry: true };
const giveUp: ConnectionAction = { type: 'dropped', retry: false };
const close: ConnectionAction = { type: 'close' };

describe('reduceConnectionState', () => {
  it.each<[ConnectionState, ConnectionAction, ConnectionState]>([
    ['idle', connect, 'connecting'],
    ['connecting', welcomed, 'open'],
    ['connecting', retry, 'reconnecting'],
    ['connecting', giveUp, 'idle'],
    ['open', retry, 'reconnecting'],
    ['open', giveUp, 'idle'],
    ['reconnecting', connect, 'reconnecting'],
    ['reconnecting', retry, 'reconnecting'],
    ['reconnecting', welcomed, 'open'],
    ['reconnecting', giveUp, 'idle'],
    ['open', close, 'closed'],
    ['reconnecting', close, 'closed'],
    ['closed', connect, 'closed'],
    ['closed', welcomed, 'closed'],
    ['closed', retry, 'closed'],
  ])('%s + %o → %s', (state, action, expected) => {
    expect(reduceConnectionState(state, action)).toBe(expected);
  });
});
