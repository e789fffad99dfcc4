import {
  type AnyCallProcedure,
  type CallMessage,
  ErrorCode,
  formatIssues,
  RpcError,
  validate,
} from '@wirecall/core';
import type { MutationOutcome } from '../dedupe/dedupeStore.js';
import { toWireError } from '../errorBoundary.js';
import type { Route } from '../routes.js';
import type { LazyAbortController } from './lazyAbortController.js';
import type { OperationHost } from './operationHost.js';
import { createRequestContext } from './requestContext.js';

/**
 * The dedupe key of a call, when it has one: only mutations are deduplicated, and only for
 * clients that sent a session id, which scopes their keys (the path too, against a confused client).
 */
export function dedupeKeyOf(
  host: Pick<OperationHost, 'session'>,
  route: Route,
  message: CallMessage,
): string | undefined {
  if (message.key === undefined || host.session === undefined) return undefined;
  if (route.procedure.kind !== 'mutation') return undefined;
  return JSON.stringify([host.session, route.path, message.key]);
}

/** Validates the input, runs the handler and validates its output: the call's outcome. */
async function execute(
  host: OperationHost,
  route: Route,
  message: CallMessage,
  abort: LazyAbortController,
): Promise<MutationOutcome> {
  const procedure = route.procedure as AnyCallProcedure;
  try {
    let parsed = validate(procedure.input, message.input);
    if (parsed instanceof Promise) parsed = await parsed;
    if (!parsed.ok) {
      throw new RpcError(
        ErrorCode.BAD_INPUT,
        { issues: parsed.issues },
        { message: `Invalid input for "${route.path}": ${formatIssues(parsed.issues)}` },
      );
    }
    const ctx = createRequestContext(host.context, {
      path: route.path,
      abort,
      pubsub: host.pubsub,
    });
    const output = await route.handler(parsed.value, ctx as never);
    if (!host.validateOutput) return { ok: true, output };
    let checked = validate(procedure.output, output);
    if (checked instanceof Promise) checked = await checked;
    if (!checked.ok) {
      throw new Error(
        `Output of "${route.path}" does not match the contract: ${formatIssues(checked.issues)}`,
      );
    }
    return { ok: true, output: checked.value };
  } catch (thrown) {
    // A cancelled call's error is never sent; do not report it as unexpected either.
    if (abort.aborted) return { ok: false, error: new RpcError(ErrorCode.CANCELLED).toJSON() };
    return { ok: false, error: toWireError(thrown, procedure, route.path, host.report) };
  }
}

/**
 * Runs one query or mutation and answers with exactly one `result` or `error`, unless the call
 * was cancelled meanwhile. A mutation with an idempotency key runs at most once per session and
 * key: a retry is answered with the first run's outcome (waiting for it if it is still running).
 */
export async function runCall(
  host: OperationHost,
  route: Route,
  message: CallMessage,
  abort: LazyAbortController,
): Promise<void> {
  const key = dedupeKeyOf(host, route, message);
  let outcome: MutationOutcome;
  if (key === undefined) {
    outcome = await execute(host, route, message, abort);
  } else {
    try {
      const claim = await host.dedupe.claim(key);
      if (claim.claimed) {
        outcome = await execute(host, route, message, abort);
        await host.dedupe.settle(key, outcome);
      } else {
        outcome = claim.outcome;
      }
    } catch (thrown) {
      outcome = { ok: false, error: toWireError(thrown, undefined, route.path, host.report) };
    }
  }
  if (abort.aborted) return;
  if (!outcome.ok) {
    host.send({ type: 'error', id: message.id, error: outcome.error });
  } else {
    host.send(
      outcome.output === undefined
        ? { type: 'result', id: message.id }
        : { type: 'result', id: message.id, output: outcome.output },
    );
  }
}
