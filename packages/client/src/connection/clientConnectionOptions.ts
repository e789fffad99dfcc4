import type { Codec, ServerMessage, WelcomeMessage } from '@wirecall/core';
import type { CloseInfo } from './closeInfo.js';
import type { ConnectionState } from './connectionState.js';
import type { LifecycleSource } from './lifecycleEvents.js';
import type { RetryPolicy } from './reconnect.js';
import type { Timers } from './timers.js';
import type { WebSocketConstructor } from './webSocketLike.js';

/** What the client's connection needs to know and to tell. */
export interface ClientConnectionOptions {
  /** Called before every attempt: the URL to connect to. */
  readonly url: () => string | PromiseLike<string>;
  readonly WebSocket: WebSocketConstructor;
  readonly codec: Codec;
  /** Called before every handshake: the params of `hello`. */
  readonly params: () => unknown;
  /** Sent in every `hello`: stable for the client's lifetime. */
  readonly session: string;
  readonly handshakeTimeoutMs: number;
  readonly retry: RetryPolicy;
  readonly heartbeat: { readonly intervalMs: number; readonly timeoutMs: number };
  readonly timers: Timers;
  readonly lifecycle: LifecycleSource | undefined;
  /** Whether the client holds no operations (a server's idle close is then final). */
  readonly isIdle?: () => boolean;
  /** The handshake completed on a new socket; `welcome` carries the server's limits. */
  readonly onOpen: (welcome: WelcomeMessage) => void;
  /** Every message but `welcome`, once the handshake is done. */
  readonly onMessage: (message: ServerMessage) => void;
  readonly onStateChange: (state: ConnectionState, previous: ConnectionState) => void;
  /** A socket closed (or never opened); `willRetry` tells whether another attempt is coming. */
  readonly onDrop: (info: CloseInfo, willRetry: boolean) => void;
  readonly onError: (error: Error) => void;
}
