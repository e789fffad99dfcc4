import type { ProcedureKind } from '@wirecall/core';
import { exampleValue, formatExample } from '../schema/exampleValue.js';
import type { JsonSchema } from '../schema/JsonSchema.js';

/** What {@link usageSnippet} needs of a procedure. */
export interface UsageSource {
  readonly path: string;
  readonly kind: ProcedureKind;
  readonly input: { readonly absent: boolean; readonly jsonSchema: JsonSchema };
  /** The output of a call; a `void` one is not assigned. */
  readonly result: { readonly absent: boolean };
  readonly errors: readonly { readonly code: string }[];
}

/**
 * TypeScript that calls or subscribes to a procedure with example input derived from its schema.
 * @example
 * usageSnippet(send, 'client');
 * // "const output = await client.chat.send({ room: '…', text: '…' });"
 */
export function usageSnippet(procedure: UsageSource, clientName: string): string {
  const handle = `${clientName}.${procedure.path}`;
  const input = inputArgument(procedure.input);
  if (procedure.kind === 'presence') {
    const args = input === '' ? 'undefined, ' : `${input}, `;
    return [
      `const room = ${handle}.join(${args}state);`,
      'const stop = room.subscribe((members) => console.log(members));',
      '// later: stop listening and leave the room',
      'stop();',
      'room.leave();',
    ].join('\n');
  }
  if (procedure.kind === 'subscription') {
    const args = input === '' ? 'undefined, ' : `${input}, `;
    return [
      `const subscription = ${handle}.subscribe(${args}{`,
      '  onData: (event) => console.log(event),',
      '  onError: (error) => console.error(error.code, error.message),',
      "  onComplete: () => console.log('done'),",
      '});',
      '// later: stop receiving events',
      'subscription.unsubscribe();',
    ].join('\n');
  }
  const call = `${procedure.result.absent ? '' : 'const output = '}await ${handle}(${input});`;
  const [first] = procedure.errors;
  if (!first) return call;
  return [
    "import { isRpcError } from '@wirecall/client';",
    '',
    'try {',
    `  ${call.replaceAll('\n', '\n  ')}`,
    '} catch (error) {',
    // Passing the handle types `error.data` by the contract's declared error.
    `  if (isRpcError(error, '${first.code}', ${handle})) console.error(error.code, error.data);`,
    '  else throw error;',
    '}',
  ].join('\n');
}

function inputArgument(input: UsageSource['input']): string {
  if (input.absent) return '';
  const value = exampleValue(input.jsonSchema);
  if (value === undefined) return '{} as never /* see the input type */';
  return formatExample(value);
}
