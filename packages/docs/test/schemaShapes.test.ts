import { Parser } from '@asyncapi/parser';
import { generateDocs, serializeAsyncApi } from '@wirecall/docs';
import { describe, expect, it } from 'vitest';
import { shapesContract } from './fixtures/shapesContract.js';

const docs = generateDocs(shapesContract, { title: 'Shapes', version: '2.0.0' });

describe('schema shapes', () => {
  it('renders enums, nullables, records, tuples and optional fields', () => {
    expect(docs.markdown).toContain(
      [
        '{',
        '  theme?: "light" | "dark";',
        '  nickname: string | null;',
        '  limits: Record<string, number>;',
        '  position: [number, number];',
      ].join('\n'),
    );
  });

  it('keeps titles, deprecation and examples from .meta() as doc comments', () => {
    expect(docs.markdown).toContain(
      '  /**\n   * Legacy flag\n   * Old switch.\n   * @deprecated\n   */\n  legacyFlag?: boolean;',
    );
    expect(docs.markdown).toContain(
      '  /**\n   * @example "en-GB"\n   * @example "fr-FR"\n   */\n  locale: string;',
    );
    expect(docs.html).toContain('@deprecated');
  });

  it('renders recursion through a union as a named type referring to itself', () => {
    expect(docs.markdown).toContain(
      'type Event = {\n  name: string;\n  children?: (Event | {\n    leaf: number;\n  })[];\n};',
    );
  });

  it('documents errors without data, an optional input and a literal output', () => {
    expect(docs.markdown).toContain('**Error `LOCKED`**');
    expect(docs.markdown).toContain('**Error `CONFLICT_VERSION`**');
    expect(docs.markdown).toContain('saved: true;');
    expect(docs.markdown).toContain('client.tree.watch.subscribe(');
  });

  it('marks a schema that throws while converting, naming the procedure, and goes on', () => {
    expect(docs.warnings).toEqual([
      expect.objectContaining({
        procedure: 'broken.exploding',
        schema: 'input',
        path: '',
        reason: 'schema getter exploded',
      }),
    ]);
    expect(docs.markdown).toContain('### `broken.exploding` · query');
    expect(docs.markdown).toContain(
      '`broken.exploding input (whole schema)`: schema getter exploded',
    );
    expect(docs.html).toContain('<article class="procedure" id="broken.exploding"');
    // The procedures after it are still there.
    expect(docs.markdown).toContain('### `tree.watch` · subscription');
  });

  it('gives an AsyncAPI document that validates', async () => {
    const parser = new Parser();
    const { document, diagnostics } = await parser.parse(serializeAsyncApi(docs.asyncapi));
    const problems = diagnostics.filter((diagnostic) => diagnostic.severity <= 1);
    expect(problems.map((problem) => `${problem.path.join('.')}: ${problem.message}`)).toEqual([]);
    expect(document?.info().version()).toBe('2.0.0');
    expect(JSON.stringify(docs.asyncapi)).toContain('schema getter exploded');
  });
});
