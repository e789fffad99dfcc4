import {
  type AnySchema,
  type ContractShape,
  type FlowOptions,
  getProcedures,
  isContract,
  type ProcedureKind,
} from '@wirecall/core';
import { DocsError } from '../errors/DocsError.js';
import { convertSchema } from '../schema/convertSchema.js';
import type { JsonSchema } from '../schema/JsonSchema.js';
import { renderType } from '../schema/renderType.js';
import { usageSnippet } from './usageSnippet.js';

/**
 * A part of a procedure's schema that JSON Schema cannot express. The docs show it marked
 * `x-unrepresentable` instead of dropping it.
 */
export interface DocsWarning {
  /** Dotted path of the procedure, e.g. `files.upload`. */
  readonly procedure: string;
  /** Which of its schemas: `input`, `output`, `event` or `error CODE`. */
  readonly schema: string;
  /** Where in that schema, e.g. `.blob`; empty for the whole schema. */
  readonly path: string;
  /** zod's reason, e.g. `Custom types cannot be represented in JSON Schema`. */
  readonly reason: string;
  /** The zod type, e.g. `custom`; for another validator, its vendor name (`valibot`). */
  readonly zodType: string;
}

/** One schema of a procedure, converted for every renderer. */
export interface SchemaDoc {
  /** `input`, `output`, `event` or `error CODE`. */
  readonly role: string;
  /** Whether nothing travels (`z.void()`). */
  readonly absent: boolean;
  /** JSON Schema (draft 2020-12), shown in the docs. */
  readonly jsonSchema: JsonSchema;
  /** The same in draft-07, the dialect of AsyncAPI payloads. */
  readonly draft07: JsonSchema;
  /** TypeScript-like rendering. */
  readonly type: string;
  /** Top-level description from `.describe()` or `.meta()`. */
  readonly description: string | undefined;
}

/** One procedure, ready to render. */
export interface ProcedureDoc {
  readonly path: string;
  /** Dotted namespace, `''` at the top level. */
  readonly namespace: string;
  readonly name: string;
  readonly kind: ProcedureKind;
  readonly description: string | undefined;
  readonly input: SchemaDoc;
  /** The output of a query or mutation, the event of a subscription. */
  readonly result: SchemaDoc;
  readonly errors: readonly { readonly code: string; readonly data: SchemaDoc }[];
  readonly flow: FlowOptions | undefined;
  readonly usage: string;
  readonly warnings: readonly DocsWarning[];
}

/** The procedures of a namespace, in declaration order. */
export interface NamespaceDoc {
  /** Dotted name, `''` at the top level. */
  readonly name: string;
  readonly procedures: readonly ProcedureDoc[];
}

/** Everything the renderers need, computed once. */
export interface ContractDoc {
  readonly title: string;
  readonly version: string;
  readonly description: string | undefined;
  readonly namespaces: readonly NamespaceDoc[];
  readonly procedures: readonly ProcedureDoc[];
  readonly warnings: readonly DocsWarning[];
}

/** Options of {@link describeContract}. */
export interface DescribeOptions {
  readonly title: string;
  readonly version: string;
  readonly description: string | undefined;
  readonly clientName: string;
}

/** Walks a contract once and converts every schema; the renderers only format the result. */
export function describeContract(contract: ContractShape, options: DescribeOptions): ContractDoc {
  if (!isContract(contract)) {
    throw new DocsError('NOT_A_CONTRACT', 'Expected a contract made by defineContract()');
  }
  const procedures: ProcedureDoc[] = [];
  const namespaces = new Map<string, ProcedureDoc[]>();
  for (const [path, procedure] of getProcedures(contract)) {
    const dot = path.lastIndexOf('.');
    const namespace = dot === -1 ? '' : path.slice(0, dot);
    const warnings: DocsWarning[] = [];
    const schema = (role: string, zodSchema: AnySchema, io: 'input' | 'output', rootName: string) =>
      describeSchema(path, role, zodSchema, io, rootName, warnings);
    const input = schema('input', procedure.input, 'input', 'Input');
    const result =
      procedure.kind === 'subscription'
        ? schema('event', procedure.event, 'output', 'Event')
        : procedure.kind === 'presence'
          ? schema('state', procedure.state, 'output', 'State')
          : schema('output', procedure.output, 'output', 'Output');
    const errors = Object.entries(procedure.errors).map(([code, data]) => ({
      code,
      data: schema(`error ${code}`, data, 'output', `${pascal(code)}Data`),
    }));
    const doc: ProcedureDoc = {
      path,
      namespace,
      name: path.slice(dot + 1),
      kind: procedure.kind,
      description: procedure.description,
      input,
      result,
      errors,
      flow: procedure.kind === 'subscription' ? procedure.flow : undefined,
      usage: usageSnippet(
        { path, kind: procedure.kind, input, result, errors },
        options.clientName,
      ),
      warnings,
    };
    procedures.push(doc);
    const group = namespaces.get(namespace) ?? [];
    group.push(doc);
    namespaces.set(namespace, group);
  }
  return {
    title: options.title,
    version: options.version,
    description: options.description,
    procedures,
    namespaces: [...namespaces].map(([name, group]) => ({ name, procedures: group })),
    warnings: procedures.flatMap((procedure) => procedure.warnings),
  };
}

function describeSchema(
  procedure: string,
  role: string,
  schema: AnySchema,
  io: 'input' | 'output',
  rootName: string,
  warnings: DocsWarning[],
): SchemaDoc {
  const shown = convertSchema(schema, { io });
  const draft07 = convertSchema(schema, { io, target: 'draft-07' });
  for (const part of shown.unrepresentable) {
    warnings.push({
      procedure,
      schema: role,
      path: part.path,
      reason: part.reason,
      zodType: part.zodType,
    });
  }
  return {
    role,
    absent: shown.absent,
    jsonSchema: shown.jsonSchema,
    draft07: draft07.jsonSchema,
    type: shown.absent ? 'void' : renderType(shown.jsonSchema, { rootName }),
    description:
      typeof shown.jsonSchema.description === 'string' ? shown.jsonSchema.description : undefined,
  };
}

function pascal(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((word) => (word ? word[0]!.toUpperCase() + word.slice(1) : ''))
    .join('');
}
