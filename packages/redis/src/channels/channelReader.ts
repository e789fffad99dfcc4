import type { Redis } from 'ioredis';
import type { RedisConnections } from '../connection/redisConnections.js';
import { decodeEvent } from '../streams/eventEncoding.js';

/** A local subscriber of a channel: gets each message's id and event. */
export type ChannelListener = (id: string, data: unknown) => void;

interface Channel {
  readonly listeners: Set<ChannelListener>;
  /** Settles once Redis confirmed the subscription. */
  readonly subscribed: Promise<unknown>;
}

/** A channel message: the event's id, a newline, the event as JSON. */
export function encodeChannelMessage(id: string, payload: string): string {
  return `${id}\n${payload}`;
}

/**
 * The one Redis pub/sub connection of a server instance: `SUBSCRIBE`s each channel that has local
 * listeners once and fans its messages out to all of them. ioredis re-subscribes after a
 * reconnect; messages published while Redis was unreachable are lost (that is the ephemeral deal).
 */
export class ChannelReader {
  readonly #connections: RedisConnections;
  readonly #onError: (error: Error) => void;
  readonly #channels = new Map<string, Channel>();
  #connection: Redis | undefined;

  constructor(connections: RedisConnections, onError: (error: Error) => void) {
    this.#connections = connections;
    this.#onError = onError;
  }

  /** Adds a listener; resolves once messages published from now on will reach it. */
  async add(name: string, listener: ChannelListener): Promise<void> {
    let channel = this.#channels.get(name);
    if (!channel) {
      const subscribed = this.#subscriber()
        .subscribe(name)
        .catch((error: unknown) => {
          if (!this.#connections.closed) this.#onError(asError(error));
        });
      channel = { listeners: new Set(), subscribed };
      this.#channels.set(name, channel);
    }
    channel.listeners.add(listener);
    await channel.subscribed;
  }

  /** Removes a listener; the last one to leave unsubscribes the channel. */
  remove(name: string, listener: ChannelListener): void {
    const channel = this.#channels.get(name);
    if (!channel) return;
    channel.listeners.delete(listener);
    if (channel.listeners.size > 0) return;
    this.#channels.delete(name);
    this.#connection?.unsubscribe(name).catch(() => {});
  }

  #subscriber(): Redis {
    if (!this.#connection) {
      const connection = this.#connections.dedicated('channels');
      connection.on('message', (name: string, message: string) => this.#dispatch(name, message));
      this.#connection = connection;
    }
    return this.#connection;
  }

  #dispatch(name: string, message: string): void {
    const channel = this.#channels.get(name);
    if (!channel) return;
    const newline = message.indexOf('\n');
    let data: unknown;
    try {
      if (newline < 0) throw new Error('no id');
      data = decodeEvent(message.slice(newline + 1));
    } catch (error) {
      this.#onError(new Error(`Skipped a malformed message on "${name}"`, { cause: error }));
      return;
    }
    const id = message.slice(0, newline);
    for (const listener of channel.listeners) listener(id, data);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
