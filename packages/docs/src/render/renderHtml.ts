import type {
  ContractDoc,
  NamespaceDoc,
  ProcedureDoc,
  SchemaDoc,
} from '../model/describeContract.js';
import { escapeHtml } from './escapeHtml.js';
import { highlight } from './highlight.js';
import { PAGE_CSS, PAGE_SCRIPT } from './htmlAssets.js';
import {
  BUILTIN_CODES,
  flowEntries,
  namespaceLabel,
  resultLabel,
  searchText,
  warningPlace,
} from './labels.js';

/**
 * One self-contained HTML page: sidebar, filter box, a card per procedure. No external asset,
 * so it reads the same offline or attached to an email; every user string is escaped.
 */
export function renderHtml(doc: ContractDoc): string {
  const count = doc.procedures.length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@wirecall/docs">
<title>${escapeHtml(doc.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<aside class="sidebar">
<div class="brand">${escapeHtml(doc.title)} <span class="version">v${escapeHtml(doc.version)}</span></div>
<input type="search" id="filter" placeholder="Filter procedures (press /)" aria-label="Filter procedures" autocomplete="off">
<nav aria-label="Procedures">
${doc.namespaces.map(navGroup).join('\n')}
</nav>
</aside>
<main>
<header>
<h1>${escapeHtml(doc.title)}</h1>
<p class="meta">Version ${escapeHtml(doc.version)} · ${count} procedure${count === 1 ? '' : 's'} · generated from a wirecall contract</p>
${doc.description ? `<p class="description">${escapeHtml(doc.description)}</p>` : ''}
${warningSummary(doc)}
</header>
<p id="no-match" class="muted" hidden>No procedure matches “<span></span>”.</p>
${doc.namespaces.map(namespaceSection).join('\n')}
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

function navGroup(namespace: NamespaceDoc): string {
  const items = namespace.procedures.map(
    (procedure) =>
      `<li data-search="${escapeHtml(searchText(procedure))}"><a href="#${escapeHtml(procedure.path)}">` +
      `<span class="badge badge-short badge-${procedure.kind}" title="${procedure.kind}">${procedure.kind[0]}</span>` +
      `${escapeHtml(procedure.name)}</a></li>`,
  );
  return `<div class="nav-group" data-namespace="${escapeHtml(namespace.name)}">
<div class="nav-namespace">${escapeHtml(namespaceLabel(namespace.name))}</div>
<ul>
${items.join('\n')}
</ul>
</div>`;
}

function namespaceSection(namespace: NamespaceDoc): string {
  return `<section class="namespace" data-namespace="${escapeHtml(namespace.name)}">
<h2>${escapeHtml(namespaceLabel(namespace.name))}</h2>
${namespace.procedures.map(procedureCard).join('\n')}
</section>`;
}

function procedureCard(procedure: ProcedureDoc): string {
  const parts = [
    `<h3><a href="#${escapeHtml(procedure.path)}">${escapeHtml(procedure.path)}</a> <span class="badge badge-${procedure.kind}">${procedure.kind}</span></h3>`,
  ];
  if (procedure.description)
    parts.push(`<p class="description">${escapeHtml(procedure.description)}</p>`);
  if (procedure.warnings.length > 0) {
    parts.push(`<div class="warning"><strong>⚠ Not representable in JSON Schema</strong> — shown as <code>x-unrepresentable</code>:
<ul>${procedure.warnings
      .map(
        (warning) =>
          `<li><code>${escapeHtml(`${warning.schema}${warning.path}`)}</code> (${escapeHtml(warning.zodType)}): ${escapeHtml(warning.reason)}</li>`,
      )
      .join('')}</ul></div>`);
  }
  if (procedure.flow) {
    const entries = flowEntries(procedure.flow);
    if (entries.length > 0) {
      parts.push(`<h4>Flow control defaults</h4>
<dl class="flow">${entries.map(([term, text]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(text)}</dd>`).join('')}</dl>`);
    }
  }
  parts.push(schemaBlock('Input', procedure.input));
  parts.push(schemaBlock(resultLabel(procedure), procedure.result));
  parts.push('<h4>Errors</h4>');
  if (procedure.errors.length === 0) {
    parts.push('<p class="muted">No declared errors.</p>');
  }
  for (const error of procedure.errors) {
    parts.push(schemaBlock(error.code, error.data, 'error-code'));
  }
  parts.push(
    `<p class="muted">Built-in codes may occur too: ${BUILTIN_CODES.map((code) => `<code>${code}</code>`).join(', ')}.</p>`,
  );
  parts.push(`<h4>Usage</h4>\n<pre class="usage"><code>${highlight(procedure.usage)}</code></pre>`);
  return `<article class="procedure" id="${escapeHtml(procedure.path)}" data-search="${escapeHtml(searchText(procedure))}">
${parts.join('\n')}
</article>`;
}

function schemaBlock(label: string, schema: SchemaDoc, labelClass?: string): string {
  const heading = labelClass
    ? `<h4><span class="${labelClass}">${escapeHtml(label)}</span></h4>`
    : `<h4>${escapeHtml(label)}</h4>`;
  if (schema.absent) return `${heading}\n<p class="muted">None (<code>void</code>).</p>`;
  const description = schema.description
    ? `<p class="description">${escapeHtml(schema.description)}</p>\n`
    : '';
  return `${heading}
${description}<pre class="type"><code>${highlight(schema.type)}</code></pre>
<details><summary>JSON Schema</summary><pre class="json"><code>${highlight(JSON.stringify(schema.jsonSchema, null, 2))}</code></pre></details>`;
}

function warningSummary(doc: ContractDoc): string {
  if (doc.warnings.length === 0) return '';
  const items = doc.warnings.map(
    (warning) =>
      `<li><a href="#${escapeHtml(warning.procedure)}">${escapeHtml(warningPlace(warning))}</a>: ${escapeHtml(warning.reason)}</li>`,
  );
  return `<div class="warning" id="unrepresentable"><strong>⚠ ${doc.warnings.length} schema part${doc.warnings.length === 1 ? '' : 's'} cannot be represented in JSON Schema.</strong> They are shown marked ⚠ and as <code>x-unrepresentable</code> in the JSON Schemas and the AsyncAPI document.
<ul>${items.join('')}</ul></div>`;
}
