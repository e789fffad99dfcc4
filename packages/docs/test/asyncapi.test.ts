import { Parser } from '@asyncapi/parser';
import { generateDocs, serializeAsyncApi } from '@wirecall/docs';
import { describe, expect, it } from 'vitest';
import { docsContract } from './fixtures/docsContract.js';

const { asyncapi } = generateDocs(docsContract, {
  title: 'Fixture API',
  version: '1.2.3',
  serverUrl: 'wss://chat.example.com/rpc',
});

describe('AsyncAPI document', () => {
  it('validates with @asyncapi/parser without errors or warnings', async () => {
    const parser = new Parser();
    const { document, diagnostics } = await parser.parse(serializeAsyncApi(asyncapi));
    const problems = diagnostics.filter((diagnostic) => diagnostic.severity <= 1);
    expect(problems.map((problem) => `${problem.path.join('.')}: ${problem.message}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
    expect(
      document!
        .channels()
        .all()
        .map((channel) => channel.id()),
    ).toContain('chat.send');
    expect(
      document!
        .operations()
        .all()
        .map((operation) => operation.id()),
    ).toEqual(
      expect.arrayContaining(['chat.send', 'chat.messages.subscribe', 'chat.messages.events']),
    );
  });

  it('is checked for real: a message outside its channel is an error', async () => {
    const broken = JSON.parse(serializeAsyncApi(asyncapi)) as {
      operations: Record<string, { messages: unknown }>;
    };
    broken.operations['chat.send']!.messages = [{ $ref: '#/channels/health/messages/call' }];
    const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
    expect(
      diagnostics.filter((diagnostic) => diagnostic.severity === 0).map((d) => d.code),
    ).toEqual(['asyncapi3-operation-messages-from-referred-channel']);
  });

  it('describes a call as call/result frames with declared errors as replies', () => {
    const operation = asyncapi.operations['chat.send']!;
    expect(operation.action).toBe('receive');
    expect(operation.reply).toEqual({
      channel: { $ref: '#/channels/chat.send' },
      messages: [
        { $ref: '#/channels/chat.send/messages/result' },
        { $ref: '#/channels/chat.send/messages/error.ROOM_CLOSED' },
        { $ref: '#/channels/chat.send/messages/error.SLOW_DOWN' },
        { $ref: '#/channels/chat.send/messages/error' },
      ],
    });
    expect(asyncapi.components.schemas['chat.send.input']).toMatchObject({
      type: 'object',
      required: ['room', 'text'],
    });
    expect(asyncapi.servers?.default).toMatchObject({
      host: 'chat.example.com',
      protocol: 'wss',
      pathname: '/rpc',
    });
  });

  it('keeps flow defaults and hoists recursive definitions into components', () => {
    expect(asyncapi.operations['chat.messages.events']!['x-wirecall-flow']).toEqual({
      window: 32,
      overflow: 'drop-oldest',
    });
    const json = serializeAsyncApi(asyncapi);
    expect(json).not.toContain('"$ref": "#"');
    expect(json).not.toContain('#/definitions/');
    expect(asyncapi.components.schemas['catalog.search.output']).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/catalog.search.output.Schema0' },
    });
    expect(asyncapi.components.schemas['catalog.tree.output']).toMatchObject({
      properties: {
        subcategories: {
          type: 'array',
          items: { $ref: '#/components/schemas/catalog.tree.output' },
        },
      },
    });
  });

  it('marks unrepresentable parts in payload schemas', () => {
    expect(asyncapi.components.schemas['files.upload.input']?.properties?.size).toEqual({
      'x-unrepresentable': 'BigInt cannot be represented in JSON Schema',
      'x-zod-type': 'bigint',
    });
  });
});
