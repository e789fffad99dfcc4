import type { ContractDoc, ProcedureDoc, SchemaDoc } from '../model/describeContract.js';
import { BUILTIN_CODES, flowEntries, namespaceLabel, resultLabel, warningPlace } from './labels.js';
import { markdownCode, markdownFence, markdownText } from './markdownText.js';

/** The same content as the HTML page, as one Markdown document (GitHub-flavoured). */
export function renderMarkdown(doc: ContractDoc): string {
  const out: string[] = [`# ${markdownText(doc.title)}`, ''];
  const count = doc.procedures.length;
  out.push(
    `Version ${markdownText(doc.version)} · ${count} procedure${count === 1 ? '' : 's'} · generated from a wirecall contract`,
    '',
  );
  if (doc.description) out.push(markdownText(doc.description), '');
  if (doc.warnings.length > 0) {
    out.push(
      `> **⚠ ${doc.warnings.length} schema part${doc.warnings.length === 1 ? '' : 's'} cannot be represented in JSON Schema.** They are marked ⚠ below and \`x-unrepresentable\` in the JSON Schemas.`,
      '>',
      ...doc.warnings.map(
        (warning) => `> - ${markdownCode(warningPlace(warning))}: ${markdownText(warning.reason)}`,
      ),
      '',
    );
  }
  out.push('## Contents', '');
  for (const namespace of doc.namespaces) {
    out.push(`- ${markdownText(namespaceLabel(namespace.name))}`);
    for (const procedure of namespace.procedures) {
      out.push(`  - [${markdownCode(procedure.path)}](#${procedure.path}) — ${procedure.kind}`);
    }
  }
  out.push('');
  for (const namespace of doc.namespaces) {
    out.push(`## ${namespace.name === '' ? namespaceLabel('') : markdownCode(namespace.name)}`, '');
    for (const procedure of namespace.procedures) out.push(...procedureSection(procedure));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function procedureSection(procedure: ProcedureDoc): string[] {
  const out = [
    `<a id="${procedure.path}"></a>`,
    '',
    `### ${markdownCode(procedure.path)} · ${procedure.kind}`,
    '',
  ];
  if (procedure.description) out.push(markdownText(procedure.description), '');
  if (procedure.warnings.length > 0) {
    out.push('> **⚠ Not representable in JSON Schema** — shown as `x-unrepresentable`:', '>');
    for (const warning of procedure.warnings) {
      out.push(
        `> - ${markdownCode(`${warning.schema}${warning.path}`)} (${markdownText(warning.zodType)}): ${markdownText(warning.reason)}`,
      );
    }
    out.push('');
  }
  const flow = procedure.flow ? flowEntries(procedure.flow) : [];
  if (flow.length > 0) {
    out.push('**Flow control defaults**', '');
    for (const [term, text] of flow) out.push(`- ${markdownCode(term)}: ${markdownText(text)}`);
    out.push('');
  }
  out.push(...schemaSection('Input', procedure.input));
  out.push(...schemaSection(resultLabel(procedure), procedure.result));
  out.push('**Errors**', '');
  if (procedure.errors.length === 0) out.push('No declared errors.', '');
  for (const error of procedure.errors)
    out.push(...schemaSection(`Error ${markdownCode(error.code)}`, error.data));
  out.push(
    `Built-in codes may occur too: ${BUILTIN_CODES.map((code) => `\`${code}\``).join(', ')}.`,
    '',
  );
  out.push('**Usage**', '', markdownFence(procedure.usage, 'ts'), '');
  return out;
}

function schemaSection(label: string, schema: SchemaDoc): string[] {
  const heading = `**${label}**`;
  if (schema.absent) return [`${heading}: none (\`void\`)`, ''];
  const out = [heading, ''];
  if (schema.description) out.push(markdownText(schema.description), '');
  out.push(
    markdownFence(schema.type, 'ts'),
    '',
    '<details><summary>JSON Schema</summary>',
    '',
    markdownFence(JSON.stringify(schema.jsonSchema, null, 2), 'json'),
    '',
    '</details>',
    '',
  );
  return out;
}
