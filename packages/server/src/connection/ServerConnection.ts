import {
  type CallMessage,
  CloseCode,
  type Frame,
  type HelloMessage,
  type OperationId,
  type SubscribeMessage,
} from '@wirecall/core';
import { canBatch } from '@wirecall/core/internal';
import { logClose } from '../logger.js';
import type { ConnectionRequest } from '../request.js';
import type { ServerSocket, SocketListener } from '../transport.js';
import { CloseListeners } from './CloseListeners.js';
import { ConnectionDrain } from './ConnectionDrain.js';
import { ConnectionOutput } from './ConnectionOutput.js';
import { closeReason } from './closeReasons.js';
import type { ConnectionSettings, OpenConnection } from './connectionSettings.js';
import { emptyContext } from './connectionSettings.js';
import { dispatchFrame, type MessageTarget } from './dispatchFrame.js';
import { FrameBudget } from './FrameBudget.js';
import { FrameGate, type FrameGateHost } from './FrameGate.js';
import { Handshake, type HandshakeRefusal } from './Handshake.js';
import { IdleTimer } from './IdleTimer.js';
import { OperationBook } from './OperationBook.js';
import type { OperationHost } from './operationHost.js';
import { PingLimiter } from './PingLimiter.js';
import type { HeartbeatPeer } from './serverHeartbeat.js';
import { silenceFlooder } from './silenceFlooder.js';

type ConnectionPhase = 'awaiting-hello' | 'authenticating' | 'ready' | 'closed';

/**
 * One client's connection: takes it through its handshake, hands its messages to its
 * operations and stops everything it started when it closes. Knows nothing of the socket
 * library underneath: it talks to a {@link ServerSocket}, made by the hub for a subprotocol it
 * speaks.
 */
export class ServerConnection
  extends ConnectionOutput
  implements
    OperationHost,
    HeartbeatPeer,
    MessageTarget,
    OpenConnection,
    FrameGateHost,
    SocketListener
{
  #phase: ConnectionPhase = 'awaiting-hello';
  /** Until the handshake ends: a ready connection keeps nothing of it. */
  #handshake: Handshake | undefined;
  /** Each made when first needed (an operation, a ping): most connections sit idle. */
  #book: OperationBook | undefined;
  #pings: PingLimiter | undefined;
  readonly #budget: FrameBudget;
  /** Made for the first frame over the budget: a client within it never needs one. */
  #gate: FrameGate | undefined;
  /** Only with an `idleTimeoutMs`: off by default. */
  readonly #idle: IdleTimer | undefined;
  /** Made when a first listener waits: most connections have none. */
  #closeListeners: CloseListeners | undefined;
  #socketClosed = false;
  #closeCode: number | undefined;
  /** Set once the server shuts down: no new operations start, the socket closes when calls end. */
  #drain: ConnectionDrain | undefined;
  context: object = emptyContext;
  session: string | undefined;
  identity: string | undefined;
  /** When the client was last heard from (`Date.now()`): the server's heartbeat reads it. */
  lastSeen = Date.now();

  /**
   * @param handshakeSlot the remote address of the slot taken from `settings.handshakes` for this
   * connection, which it gives back when its handshake ends.
   */
  constructor(
    socket: ServerSocket,
    request: ConnectionRequest,
    settings: ConnectionSettings,
    handshakeSlot?: string,
  ) {
    super(socket, settings);
    this.#handshake = new Handshake(request, settings, handshakeSlot, () =>
      this.close(CloseCode.HANDSHAKE_TIMEOUT, 'No hello within the handshake timeout'),
    );
    this.#idle = IdleTimer.of(settings.limits.idleTimeoutMs, () =>
      this.close(CloseCode.IDLE_TIMEOUT, 'Idle timeout'),
    );
    this.#budget = new FrameBudget(settings.limits.maxFramesPerSecond, this.lastSeen);
    settings.connections.add(this);
    settings.telemetry?.connectionOpened();
    // The hub gave it the settings of the socket's subprotocol: no need to check it again.
    if (socket.listen) {
      socket.listen(this);
    } else {
      socket.onClose((code) => this.ended(code));
      socket.onMessage((frame) => this.received(frame));
    }
  }

  /** A frame from the socket: counted against the budget before it is decoded. */
  received(frame: Frame): void {
    if (this.#phase === 'closed') return;
    const now = Date.now();
    this.lastSeen = now;
    if (this.#gate) this.#gate.admit(frame, now);
    // A flood must not cost a decode and a validation per frame; past the budget, the gate
    // holds the frame and pauses the socket.
    else if (this.#budget.take(now)) this.dispatchFrame(frame);
    else {
      this.#gate = new FrameGate(this.socket, this.#budget, this);
      this.#gate.refused(frame);
    }
  }

  /** The socket closed, whoever closed it. */
  ended(code: number): void {
    this.#closeCode = code;
    this.#socketClosed = true;
    this.#onClosed(false);
    this.#drain?.socketClosed();
  }

  /** The code the peer's socket closed with: how presence tells a closed tab from a lost network. */
  get closeCode(): number | undefined {
    return this.#closeCode;
  }

  get isReady(): boolean {
    return this.#phase === 'ready';
  }

  get isClosed(): boolean {
    return this.#phase === 'closed';
  }

  countOperations(): { calls: number; subscriptions: number; backlog: number } {
    const calls = this.#book?.calls ?? 0;
    const backlog = this.#book?.maxBacklog() ?? 0;
    return { calls, subscriptions: (this.#book?.size ?? 0) - calls, backlog };
  }

  /** Drains the connection for shutdown (see {@link ConnectionDrain}); resolves once closed. */
  drain(timeoutMs: number, reason = 'Server shutting down'): Promise<void> {
    this.#drain ??= new ConnectionDrain({
      isClosed: () => this.#phase === 'closed',
      isSocketClosed: () => this.#socketClosed,
      runningCalls: () => this.#book?.calls ?? 0,
      onClosed: (listener) => this.onClosed(listener),
      close: (code, closeReason, stopAll) => this.close(code, closeReason, stopAll),
    });
    return this.#drain.run(timeoutMs, reason);
  }

  /** Runs `listener` once the connection has closed and stopped all its operations. */
  onClosed(listener: () => void): void {
    this.#closeListeners ??= new CloseListeners();
    this.#closeListeners.add(listener);
  }

  /** Decodes and dispatches one frame its {@link FrameGate} let through. */
  dispatchFrame(frame: Frame): void {
    dispatchFrame(this, this.settings.codec, frame);
  }

  /** The client sent frames faster than its budget for too long: closed, then no longer read from. */
  flooded(): void {
    this.close(CloseCode.TOO_MANY_FRAMES, 'Too many frames per second');
    silenceFlooder(this.socket, () => this.#socketClosed);
  }

  /**
   * Closes the socket and stops the connection's operations. `stopAll` also aborts mutations
   * that would otherwise finish for the sake of the client's retry (server shutdown).
   */
  close(code: number, reason: string, stopAll = false): void {
    if (this.#phase === 'closed') return;
    // What was sent before closing goes first: an error, say, that explains the close.
    this.flushOutbox();
    if (this.settings.logger) logClose(this.settings.logger, code, reason);
    this.socket.close(code, closeReason(reason));
    this.#onClosed(stopAll);
  }

  /** Asks the client for a sign of life (the heartbeat found it silent). */
  ping(): void {
    void this.send({ type: 'ping' });
  }

  /** The client stopped answering: drop it without waiting for a close handshake it cannot do. */
  drop(): void {
    if (this.#phase === 'closed') return;
    if (this.socket.terminate) this.socket.terminate();
    else this.socket.close(CloseCode.HEARTBEAT_TIMEOUT, 'No answer to ping');
    this.#onClosed(false);
  }

  hello(message: HelloMessage): void {
    if (this.#phase !== 'awaiting-hello') {
      this.close(CloseCode.CONFLICT, 'Sent "hello" twice');
      return;
    }
    this.#phase = 'authenticating';
    this.session = message.session;
    this.takesBatches = message.batch === true && canBatch(this.settings.codec);
    (this.#handshake as Handshake).begin(
      message,
      (context) => this.#accept(context),
      (refusal) => this.#refuse(refusal),
    );
  }

  pinged(): void {
    this.#pings ??= new PingLimiter(this.settings.limits.maxPingsPerSecond);
    if (this.#pings.allow()) void this.send({ type: 'pong' });
  }

  start(message: CallMessage | SubscribeMessage, alone = false): void {
    const book = this.#bookNow();
    if (book.has(message.id)) {
      this.close(CloseCode.CONFLICT, `Operation id ${message.id} is already running`);
      return;
    }
    if (this.#drain?.waitsForCalls) return;
    this.#idle?.busy();
    this.startIn(book, message, alone);
  }

  grant(id: OperationId, credit: number): void {
    this.#book?.grant(id, credit);
  }

  stop(id: OperationId): void {
    this.#book?.stop(id);
  }

  #accept(context: object): void {
    if (this.#phase !== 'authenticating') return;
    const handshake = this.#handshake as Handshake;
    const refusal = handshake.refusalOf(context);
    if (refusal) {
      this.#refuse(refusal);
      return;
    }
    handshake.end();
    this.#handshake = undefined;
    this.context = context;
    this.identity = handshake.identity;
    this.#phase = 'ready';
    // Straight to the socket: nothing is sent before it, and a client that stays idle after its
    // welcome then never costs an outbox.
    this.socket.send(handshake.welcome());
    this.lastSeen = Date.now();
    this.settings.heartbeat.watch(this);
    this.#watchIdle();
  }

  #refuse(refusal: HandshakeRefusal): void {
    if (this.#phase !== 'authenticating') return;
    this.close(refusal.code, refusal.reason);
  }

  #bookNow(): OperationBook {
    this.#book ??= new OperationBook(this, this.settings, () => this.#onForget());
    return this.#book;
  }

  /** An operation settled or stopped: a draining connection closes with its last call. */
  #onForget(): void {
    this.#drain?.operationEnded();
    this.#watchIdle();
  }

  /** Starts the idle countdown when nothing runs; a running operation stops it. */
  #watchIdle(): void {
    if (!this.#book?.size && this.#phase === 'ready') this.#idle?.idle();
  }

  #onClosed(stopAll: boolean): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    this.#handshake?.end();
    this.#handshake = undefined;
    this.#idle?.stop();
    this.settings.heartbeat.unwatch(this);
    this.settings.connections.delete(this);
    this.settings.telemetry?.connectionClosed();
    this.discardOutbox();
    this.#book?.closeAll(stopAll);
    // Listeners added from here on run at once.
    this.#closeListeners ??= CloseListeners.runAtOnce;
    this.#closeListeners.closed();
  }
}
