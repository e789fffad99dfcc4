import {
  type AnyCallProcedure,
  type CallMessage,
  ErrorCode,
  formatIssues,
  RpcError,
  validate,
} from '@wirecall/core';
import { toWireError } from '../errorBoundary.js';
import type { Route } from '../routes.js';
import type { LazyAbortController } from './lazyAbortController.js';
import type { OperationHost } from './operationHost.js';
import { createRequestContext } from './requestContext.js';

/**
 * Runs one query or mutation: validates the input, calls the handler, validates the output and
 * answers with exactly one `result` or `error`, unless the call was cancelled meanwhile.
 */
export async function runCall(
  host: OperationHost,
  route: Route,
  message: CallMessage,
  abort: LazyAbortController,
): Promise<void> {
  const procedure = route.procedure as AnyCallProcedure;
  try {
    let parsed = validate(procedure.input, message.input);
    if (parsed instanceof Promise) parsed = await parsed;
    if (!parsed.ok) {
      throw new RpcError(
        ErrorCode.BAD_INPUT,
        { issues: parsed.issues },
        {
          message: `Invalid input for "${route.path}": ${formatIssues(parsed.issues)}`,
        },
      );
    }
    const ctx = createRequestContext(host.context, route.path, abort);
    const output = await route.handler(parsed.value, ctx as never);
    if (abort.aborted) return;
    let result: unknown = output;
    if (host.validateOutput) {
      let checked = validate(procedure.output, output);
      if (checked instanceof Promise) checked = await checked;
      if (!checked.ok) {
        throw new Error(
          `Output of "${route.path}" does not match the contract: ${formatIssues(checked.issues)}`,
        );
      }
      result = checked.value;
    }
    if (abort.aborted) return;
    host.send(
      result === undefined
        ? { type: 'result', id: message.id }
        : { type: 'result', id: message.id, output: result },
    );
  } catch (thrown) {
    if (abort.aborted) return;
    host.send({
      type: 'error',
      id: message.id,
      error: toWireError(thrown, procedure, route.path, host.report),
    });
  }
}
