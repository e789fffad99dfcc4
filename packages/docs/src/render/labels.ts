import { ErrorCode, type FlowOptions } from '@wirecall/core';
import type { DocsWarning, ProcedureDoc } from '../model/describeContract.js';

/** Heading of a namespace; the top level has no name of its own. */
export function namespaceLabel(name: string): string {
  return name === '' ? 'Top level' : name;
}

/** Heading of a procedure's result: `Output` for calls, `Event` for subscriptions, `State` for presence. */
export function resultLabel(procedure: ProcedureDoc): string {
  if (procedure.kind === 'presence') return 'State';
  return procedure.kind === 'subscription' ? 'Event' : 'Output';
}

/** The flow-control defaults a subscription declares, as term and explanation. */
export function flowEntries(flow: FlowOptions): [term: string, text: string][] {
  const entries: [string, string][] = [];
  if (flow.window !== undefined) {
    entries.push([
      'window',
      `${flow.window} events in flight before the client grants more credit`,
    ]);
  }
  if (flow.overflow !== undefined)
    entries.push(['overflow', `'${flow.overflow}' when the subscriber is out of credit`]);
  if (flow.bufferSize !== undefined) {
    entries.push(['bufferSize', `${flow.bufferSize} events held for a slow subscriber`]);
  }
  return entries;
}

/** One line naming where a warning is: `files.upload input .blob`. */
export function warningPlace(warning: DocsWarning): string {
  return [warning.procedure, warning.schema, warning.path || '(whole schema)'].join(' ');
}

/** The codes any procedure may fail with besides its declared ones. */
export const BUILTIN_CODES: readonly string[] = Object.values(ErrorCode);

/** Lower-case text the filter box searches: path, kind, descriptions and error codes. */
export function searchText(procedure: ProcedureDoc): string {
  return [
    procedure.path,
    procedure.kind,
    procedure.description ?? '',
    procedure.input.description ?? '',
    procedure.result.description ?? '',
    ...procedure.errors.map((error) => error.code),
  ]
    .join(' ')
    .toLowerCase();
}
