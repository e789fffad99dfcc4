import type { CallMessage, ResultMessage } from '@wirecall/core';
import type { DedupeClaim, MutationOutcome } from '../dedupe/dedupeStore.js';
import { storeFailure } from '../errorBoundary.js';
import type { Route } from '../routes.js';
import { CallRun } from './CallRun.js';
import type { LazyAbortController } from './lazyAbortController.js';
import type { OperationHost } from './operationHost.js';

/** Where a keyed mutation's outcome is kept: the store's key and whose it is. */
export interface DedupeKey {
  readonly key: string;
  readonly scope: string;
}

/**
 * The dedupe key of a call, when it has one: only mutations are deduplicated, and only for
 * clients that sent a session id. The key holds the connection's server-derived identity (when
 * the server has one), so one user's session id and key never reach another user's outcome; the
 * client-chosen session id; and the path, against a confused client.
 */
export function dedupeKeyOf(
  host: Pick<OperationHost, 'session' | 'identity'>,
  route: Route,
  message: CallMessage,
): DedupeKey | undefined {
  const { session, identity } = host;
  if (message.key === undefined || session === undefined) return undefined;
  if (route.procedure.kind !== 'mutation') return undefined;
  // Without an identity, the key is what it was before identities: records survive an upgrade.
  return identity === undefined
    ? { key: JSON.stringify([session, route.path, message.key]), scope: `s:${session}` }
    : { key: JSON.stringify([identity, session, route.path, message.key]), scope: `u:${identity}` };
}

/**
 * Sends a call's outcome, unless the call was cancelled meanwhile; while the socket is above its
 * high-water mark, waits for it to drain first. The call stays in flight until then, so a client
 * that does not read has at most `maxCallsInFlight` answers waiting, and is closed for being
 * slow like a subscriber.
 */
function answer(
  host: OperationHost,
  message: CallMessage,
  abort: LazyAbortController,
  outcome: MutationOutcome,
  invalidated?: number,
): Promise<void> | undefined {
  if (invalidated === undefined || !outcome.ok) return deliver(host, message, abort, outcome);
  // Read-your-own-writes: a call that invalidated live queries is answered once this
  // connection's live queries reflect it, after their new results.
  const settled = host.live.settled(host, invalidated);
  if (!settled) return deliver(host, message, abort, outcome, host.live.sequence);
  return settled.then((liveVersion) => deliver(host, message, abort, outcome, liveVersion));
}

/** Sends the outcome, once the socket is below its high-water mark. */
function deliver(
  host: OperationHost,
  message: CallMessage,
  abort: LazyAbortController,
  outcome: MutationOutcome,
  liveVersion?: number,
): Promise<void> | undefined {
  const full = host.writable();
  if (full) return full.then(() => sendOutcome(host, message, abort, outcome, liveVersion));
  sendOutcome(host, message, abort, outcome, liveVersion);
  return undefined;
}

function sendOutcome(
  host: OperationHost,
  message: CallMessage,
  abort: LazyAbortController,
  outcome: MutationOutcome,
  liveVersion: number | undefined,
): void {
  if (abort.aborted) return;
  if (!outcome.ok) {
    host.send({ type: 'error', id: message.id, error: outcome.error });
    return;
  }
  const result: { -readonly [K in keyof ResultMessage]: ResultMessage[K] } = {
    type: 'result',
    id: message.id,
  };
  if (outcome.output !== undefined) result.output = outcome.output;
  if (liveVersion !== undefined) result.liveVersion = liveVersion;
  host.send(result);
}

/**
 * Runs one query or mutation and answers with exactly one `result` or `error`, unless the call
 * was cancelled meanwhile. A mutation with an idempotency key runs at most once per identity,
 * session and key: a retry is answered with the first run's outcome (waiting for it if it is still running).
 * `dedupeKey` is the call's {@link dedupeKeyOf}. Returns a promise only when the call did not finish
 * synchronously.
 */
export function runCall(
  host: OperationHost,
  route: Route,
  message: CallMessage,
  abort: LazyAbortController,
  dedupeKey: DedupeKey | undefined,
): Promise<void> | undefined {
  if (dedupeKey !== undefined) return runKeyedCall(host, route, message, abort, dedupeKey);
  const run = new CallRun(host, route, abort);
  const outcome = run.execute(message);
  if (!(outcome instanceof Promise)) return answer(host, message, abort, outcome, run.invalidated);
  return outcome.then((settled) => answer(host, message, abort, settled, run.invalidated));
}

/**
 * A keyed mutation: claimed in the dedupe store, run, and its outcome recorded. Once the handler
 * has run, the client gets its outcome whatever the store does: a store failure before the run
 * means nothing was done (`UNAVAILABLE`), one after it must not say so, or the client would run
 * the mutation again under a new key. The store keeps an unrecorded key claimed, so a retry
 * waits or gets `OUTCOME_UNKNOWN` instead of running the handler a second time.
 */
async function runKeyedCall(
  host: OperationHost,
  route: Route,
  message: CallMessage,
  abort: LazyAbortController,
  { key, scope }: DedupeKey,
): Promise<void> {
  let claim: DedupeClaim;
  try {
    claim = await host.dedupe.claim(key, { scope });
  } catch (thrown) {
    answer(host, message, abort, {
      ok: false,
      error: storeFailure(thrown, route.path, host.report),
    });
    return;
  }
  if (!claim.claimed) {
    answer(host, message, abort, claim.outcome);
    return;
  }
  const run = new CallRun(host, route, abort);
  const outcome = await run.execute(message);
  try {
    await host.dedupe.settle(key, outcome);
  } catch (thrown) {
    host.report(
      new Error('The dedupe store could not record the outcome of a mutation that ran', {
        cause: thrown,
      }),
      { path: route.path },
    );
  }
  await answer(host, message, abort, outcome, run.invalidated);
}
