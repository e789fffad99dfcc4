import { defineContract, query } from '@wirecall/core';
import { DocsError, generateDocs, isDocsError } from '@wirecall/docs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { markdownText } from '../src/render/markdownText.js';
import { docsContract } from './fixtures/docsContract.js';

const docs = generateDocs(docsContract, { title: 'Fixture API', version: '1.2.3' });

describe('generateDocs markdown', () => {
  const { markdown } = docs;

  it('groups procedures by namespace with their kind', () => {
    expect(markdown).toContain('# Fixture API');
    expect(markdown).toContain('## `chat`');
    expect(markdown).toContain('## `chat.rooms`');
    expect(markdown).toContain('### `chat.send` · mutation');
    expect(markdown).toContain('### `chat.messages` · subscription');
    expect(markdown).toContain('### `chat.rooms.list` · query');
    expect(markdown).toContain('- [`catalog.tree`](#catalog.tree) — query');
  });

  it('renders input types with optional fields, constraints and descriptions', () => {
    expect(markdown).toContain('Posts a message to a room.');
    expect(markdown).toContain(
      [
        '{',
        '  /** Room id */',
        '  room: string;',
        '  text: string; // minLength: 1, maxLength: 2000',
        '  /** Id of the message answered */',
        '  replyTo?: string;',
        '}',
      ].join('\n'),
    );
    expect(markdown).toContain('  since?: number; // integer\n');
    expect(markdown).toContain(
      '  depth?: number; // integer, minimum: 1, maximum: 10, default: 3\n',
    );
  });

  it('renders unions and recursive schemas', () => {
    expect(markdown).toContain(
      '{\n  type: "message";\n  id: string;\n  text: string;\n} | {\n  type: "typing";',
    );
    expect(markdown).toContain('scope?: "all" | {\n    tags: string[];\n  };');
    expect(markdown).toContain('type Output = {\n  name: string;\n  subcategories: Output[];\n};');
    expect(markdown).toContain(
      'Schema0[]\n\n/** A category and its children, to any depth. */\ntype Schema0 = {',
    );
    expect(markdown).toContain('A category and its children, to any depth.');
  });

  it('lists declared errors with their data and the flow defaults', () => {
    expect(markdown).toContain('**Error `ROOM_CLOSED`**\n\n```ts\n{\n  room: string;\n}\n```');
    expect(markdown).toContain('**Error `SLOW_DOWN`**');
    expect(markdown).toContain('- `window`: 32 events in flight');
    expect(markdown).toContain("- `overflow`: 'drop-oldest'");
  });

  it('writes a usage snippet per procedure with example input', () => {
    expect(markdown).toContain("const output = await client.chat.send({ room: '…', text: '…' });");
    expect(markdown).toContain("if (isRpcError(error, 'ROOM_CLOSED', client.chat.send))");
    expect(markdown).toContain(
      "const subscription = client.chat.messages.subscribe({ room: '…' }, {",
    );
    expect(markdown).toContain('const output = await client.catalog.tree({});');
    expect(markdown).toContain('const output = await client.health();');
    expect(markdown).toContain("await client.notes.add({ text: '…' });");
  });

  it('marks unrepresentable parts instead of dropping them, naming the procedure', () => {
    expect(markdown).toContain('3 schema parts cannot be represented in JSON Schema');
    expect(markdown).toContain(
      '- `files.upload input .blob`: Custom types cannot be represented in JSON Schema',
    );
    expect(markdown).toContain(
      '- `files.upload output .savedAt`: Date cannot be represented in JSON Schema',
    );
    expect(markdown).toContain(
      'size: bigint /* ⚠ unrepresentable: BigInt cannot be represented in JSON Schema */;',
    );
    expect(markdown).toContain(
      '"x-unrepresentable": "Custom types cannot be represented in JSON Schema"',
    );
    expect(markdown).toContain('size: 0n,');
  });

  it('escapes user text outside code', () => {
    expect(markdownText('1. a\n- b\nC# <b> & a_b *c* [l](u) `x`')).toBe(
      '1\\. a\n\\- b\nC\\# &lt;b&gt; &amp; a\\_b \\*c\\* \\[l\\](u) \\`x\\`',
    );
    expect(markdown).toContain(
      'Adds a note. &lt;script&gt;window.\\_\\_pwned = true&lt;/script&gt; &amp;',
    );
    expect(markdown).not.toContain('<script>');
  });
});

describe('generateDocs html', () => {
  const { html } = docs;

  it('is one self-contained page', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link\b|@import|url\(/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });

  it('has a card and a sidebar link per procedure, with kind badges', () => {
    for (const path of [
      'health',
      'chat.send',
      'chat.messages',
      'chat.rooms.list',
      'catalog.tree',
      'files.upload',
    ]) {
      expect(html).toContain(`<article class="procedure" id="${path}"`);
      expect(html).toContain(`<a href="#${path}">`);
    }
    expect(html).toContain('<span class="badge badge-subscription">subscription</span>');
    expect(html).toContain('<span class="badge badge-mutation">mutation</span>');
    expect(html).toContain('<input type="search" id="filter"');
  });

  it('shows types, JSON Schemas, flow, errors and usage', () => {
    expect(html).toContain('subcategories: Output[];');
    expect(html).toContain('<summary>JSON Schema</summary>');
    expect(html).toContain('<dt>window</dt><dd>32 events in flight');
    expect(html).toContain('<span class="error-code">ROOM_CLOSED</span>');
    expect(html).toContain('client.chat.messages.subscribe(');
    expect(html).toContain(
      '<span class="c warn">/* ⚠ unrepresentable: BigInt cannot be represented in JSON Schema */</span>',
    );
  });

  it('escapes every user string', () => {
    expect(html).toContain(
      'Adds a note. &lt;script&gt;window.__pwned = true&lt;/script&gt; &amp; &quot;quotes&quot;',
    );
    expect(html).toContain(
      '&lt;/code&gt;&lt;/pre&gt;&lt;img src=x onerror=&quot;window.__pwned=true&quot;&gt;',
    );
    expect(html).not.toContain('<img');
  });
});

describe('generateDocs options and errors', () => {
  it('rejects a value not made by defineContract', () => {
    const attempt = () => generateDocs({ a: query({ output: z.string() }) });
    expect(attempt).toThrow(DocsError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'NOT_A_CONTRACT' }));
  });

  it('rejects a server URL that is not ws:// or wss://', () => {
    try {
      generateDocs(docsContract, { serverUrl: 'http://example.com' });
      expect.unreachable();
    } catch (error) {
      expect(isDocsError(error, 'INVALID_OPTION')).toBe(true);
    }
  });

  it('reports a schema zod refuses as a whole, still documenting the procedure', () => {
    const contract = defineContract({
      odd: query({
        input: z.object({ fn: z.function(), tags: z.set(z.string()) }),
        output: z.string().transform(Number),
      }),
    });
    const { warnings, markdown } = generateDocs(contract);
    expect(warnings).toEqual([
      expect.objectContaining({
        procedure: 'odd',
        schema: 'input',
        path: '.fn',
        zodType: 'function',
      }),
      expect.objectContaining({ procedure: 'odd', schema: 'input', path: '.tags', zodType: 'set' }),
      expect.objectContaining({
        procedure: 'odd',
        schema: 'output',
        path: '',
        zodType: 'transform',
      }),
    ]);
    expect(markdown).toContain('### `odd` · query');
    expect(markdown).toContain(
      '`odd output (whole schema)`: Transforms cannot be represented in JSON Schema',
    );
  });
});
