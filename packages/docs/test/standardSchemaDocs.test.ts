import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { defineContract, mutation, query } from '@wirecall/core';
import { generateDocs } from '@wirecall/docs';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { convertSchema } from '../src/schema/convertSchema.js';

describe('docs of non-zod schemas', () => {
  it('describes an ArkType schema through its ~standard.jsonSchema', () => {
    const converted = convertSchema(type({ name: 'string > 0', 'age?': 'number' }), {
      io: 'input',
    });
    expect(converted.unrepresentable).toEqual([]);
    expect(converted.jsonSchema).toEqual({
      type: 'object',
      properties: { name: { type: 'string', minLength: 1 }, age: { type: 'number' } },
      required: ['name'],
    });
  });

  it('describes a valibot schema wrapped by toStandardJsonSchema, which still validates', () => {
    const schema = toStandardJsonSchema(v.object({ room: v.pipe(v.string(), v.maxLength(9)) }));
    const converted = convertSchema(schema, { io: 'input', target: 'draft-07' });
    expect(converted.jsonSchema).toMatchObject({
      type: 'object',
      properties: { room: { type: 'string', maxLength: 9 } },
    });
    expect(() => mutation({ input: schema })).not.toThrow();
  });

  it('says plainly when a schema exposes no JSON Schema (plain valibot)', () => {
    const converted = convertSchema(v.object({ room: v.string() }), { io: 'input' });
    expect(converted.unrepresentable).toEqual([
      {
        path: '',
        zodType: 'valibot',
        reason: expect.stringMatching(/^valibot schema exposes no JSON Schema/),
      },
    ]);
    expect(converted.jsonSchema['x-unrepresentable']).toMatch(/exposes no JSON Schema/);
  });

  it('renders a mixed contract: each procedure shown, the warning names the valibot schema', () => {
    const api = defineContract({
      zod: query({ input: z.object({ a: z.string() }), output: z.number() }),
      ark: query({ input: type({ b: 'string' }), output: type('number') }),
      plain: mutation({ input: v.object({ c: v.string() }) }),
    });
    const docs = generateDocs(api, { title: 'Mixed' });
    expect(docs.markdown).toContain('a: string;');
    expect(docs.markdown).toContain('b: string;');
    expect(docs.markdown).toMatch(/valibot schema exposes no JSON Schema/);
    expect(docs.warnings.map((warning) => `${warning.procedure} ${warning.schema}`)).toEqual([
      'plain input',
    ]);
  });
});
