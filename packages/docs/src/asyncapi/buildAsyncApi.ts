import { PROTOCOL_V1 } from '@wirecall/core';
import type { ContractDoc, ProcedureDoc, SchemaDoc } from '../model/describeContract.js';
import { BUILTIN_CODES } from '../render/labels.js';
import type { JsonSchema } from '../schema/JsonSchema.js';
import type { AsyncApiDocument, AsyncApiObject } from './AsyncApiDocument.js';
import { hoistSchema } from './hoistSchema.js';

/** Options of {@link buildAsyncApi}. */
export interface BuildAsyncApiOptions {
  /** WebSocket URL of the server, listed under `servers.default` when given. */
  readonly serverUrl: string | undefined;
}

const OPERATION_ID: JsonSchema = {
  type: 'integer',
  minimum: 1,
  description: 'Chosen by the client; unique among its running operations.',
};

/**
 * An AsyncAPI 3.0 document of the server's side of the wire: per procedure one channel whose
 * messages are the real frames (`call`/`result`/`error`, `subscribe`/`event`/…), with the
 * contract's JSON Schemas in `components.schemas`. All channels share one WebSocket.
 */
export function buildAsyncApi(doc: ContractDoc, options: BuildAsyncApiOptions): AsyncApiDocument {
  const schemas: Record<string, JsonSchema> = {};
  const channels: Record<string, AsyncApiObject> = {};
  const operations: Record<string, AsyncApiObject> = {};
  for (const procedure of doc.procedures) {
    const messages = procedureMessages(procedure, schemas);
    const ref = (id: string) => ({ $ref: `#/channels/${procedure.path}/messages/${id}` });
    const errorRefs = Object.keys(messages)
      .filter((id) => id.startsWith('error'))
      .map(ref);
    channels[procedure.path] = {
      address: null,
      title: procedure.path,
      ...(procedure.description ? { description: procedure.description } : {}),
      messages,
    };
    const channel = { $ref: `#/channels/${procedure.path}` };
    const tags = [
      { name: procedure.kind },
      ...(procedure.namespace ? [{ name: procedure.namespace }] : []),
    ];
    const summary = procedure.description ? { summary: firstLine(procedure.description) } : {};
    if (procedure.kind === 'subscription' || procedure.kind === 'presence') {
      operations[`${procedure.path}.subscribe`] = {
        action: 'receive',
        channel,
        title: `Subscribe to ${procedure.path}`,
        ...summary,
        tags,
        messages: [ref('subscribe'), ref('unsubscribe')],
      };
      operations[`${procedure.path}.events`] = {
        action: 'send',
        channel,
        title: `Events of ${procedure.path}`,
        tags,
        messages: [ref('subscribed'), ref('event'), ref('complete'), ...errorRefs],
        ...(procedure.flow ? { 'x-wirecall-flow': procedure.flow } : {}),
      };
    } else {
      operations[procedure.path] = {
        action: 'receive',
        channel,
        title: `Call ${procedure.path}`,
        ...summary,
        tags,
        messages: [ref('call')],
        reply: { channel, messages: [ref('result'), ...errorRefs] },
      };
    }
  }
  const server = options.serverUrl ? serverObject(options.serverUrl) : undefined;
  return {
    asyncapi: '3.0.0',
    info: {
      title: doc.title,
      version: doc.version,
      description:
        `${doc.description ? `${doc.description}\n\n` : ''}` +
        `Every channel is one procedure of the contract; all of them share one WebSocket ` +
        `(subprotocol \`${PROTOCOL_V1}\`) and JSON frames are told apart by \`type\` and \`id\`.`,
    },
    defaultContentType: 'application/json',
    ...(server ? { servers: { default: server } } : {}),
    channels,
    operations,
    components: { schemas },
  };
}

function procedureMessages(procedure: ProcedureDoc, schemas: Record<string, JsonSchema>) {
  const messages: Record<string, AsyncApiObject> = {};
  const payloadOf = (schema: SchemaDoc, role: string) =>
    schema.absent ? undefined : hoistSchema(schema.draft07, `${procedure.path}.${role}`, schemas);
  const input = payloadOf(procedure.input, 'input');
  const frame = (
    type: string,
    fields: Record<string, JsonSchema | undefined>,
    required: string[],
  ) => ({
    type: 'object',
    properties: Object.fromEntries(
      Object.entries({ type: { const: type }, ...fields }).filter(
        ([, value]) => value !== undefined,
      ),
    ),
    required: ['type', ...required],
  });
  const message = (name: string, summary: string, payload: JsonSchema): AsyncApiObject => ({
    name,
    title: `${procedure.path} ${name}`,
    summary,
    payload,
  });
  const path = { const: procedure.path };
  if (procedure.kind === 'subscription' || procedure.kind === 'presence') {
    const event = payloadOf(procedure.result, 'event');
    messages.subscribe = message(
      'subscribe',
      'Starts the subscription (client to server).',
      frame('subscribe', { id: OPERATION_ID, path, input }, ['id', 'path']),
    );
    messages.unsubscribe = message(
      'unsubscribe',
      'Ends it from the client side.',
      frame('unsubscribe', { id: OPERATION_ID }, ['id']),
    );
    messages.subscribed = message(
      'subscribed',
      'The input was valid and the source started.',
      frame('subscribed', { id: OPERATION_ID }, ['id']),
    );
    messages.event = message(
      'event',
      'One event.',
      frame('event', { id: OPERATION_ID, data: event ?? {} }, ['id']),
    );
    messages.complete = message(
      'complete',
      'The source ended; nothing more follows.',
      frame('complete', { id: OPERATION_ID }, ['id']),
    );
  } else {
    const output = payloadOf(procedure.result, 'output');
    messages.call = message(
      'call',
      `Calls the ${procedure.kind} (client to server).`,
      frame('call', { id: OPERATION_ID, path, input }, ['id', 'path']),
    );
    messages.result = message(
      'result',
      'The successful outcome.',
      frame('result', { id: OPERATION_ID, output }, ['id']),
    );
  }
  for (const error of procedure.errors) {
    const data = payloadOf(error.data, `error.${error.code}`);
    messages[`error.${error.code}`] = message(
      `error.${error.code}`,
      `Declared error ${error.code}.`,
      frame('error', { id: OPERATION_ID, error: errorSchema({ const: error.code }, data) }, [
        'id',
        'error',
      ]),
    );
  }
  messages.error = message(
    'error',
    'A built-in error.',
    frame('error', { id: OPERATION_ID, error: errorSchema({ enum: [...BUILTIN_CODES] }, {}) }, [
      'id',
      'error',
    ]),
  );
  return messages;
}

function errorSchema(code: JsonSchema, data: JsonSchema | undefined): JsonSchema {
  return {
    type: 'object',
    properties: { code, message: { type: 'string' }, ...(data ? { data } : {}) },
    required: ['code', 'message'],
  };
}

function serverObject(url: string): AsyncApiObject {
  const parsed = new URL(url);
  return {
    host: parsed.host,
    protocol: parsed.protocol.replace(/:$/, ''),
    ...(parsed.pathname && parsed.pathname !== '/' ? { pathname: parsed.pathname } : {}),
    description: `WebSocket server; subprotocol \`${PROTOCOL_V1}\`.`,
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
