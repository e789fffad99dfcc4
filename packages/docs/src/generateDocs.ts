import type { ContractShape } from '@wirecall/core';
import type { AsyncApiDocument } from './asyncapi/AsyncApiDocument.js';
import { buildAsyncApi } from './asyncapi/buildAsyncApi.js';
import { DocsError } from './errors/DocsError.js';
import { type DocsWarning, describeContract } from './model/describeContract.js';
import { renderHtml } from './render/renderHtml.js';
import { renderMarkdown } from './render/renderMarkdown.js';

/** Options of {@link generateDocs}. */
export interface GenerateDocsOptions {
  /** Title of the page and AsyncAPI `info.title`. @default 'API reference' */
  title?: string;
  /** Version shown on the page and AsyncAPI `info.version`. @default '0.0.0' */
  version?: string;
  /** Introduction shown under the title (plain text). */
  description?: string;
  /** Name of the client variable in usage snippets. @default 'client' */
  clientName?: string;
  /** WebSocket URL of the server (`ws://` or `wss://`), listed in the AsyncAPI `servers`. @default none */
  serverUrl?: string;
}

/** What {@link generateDocs} produces. */
export interface GeneratedDocs {
  /** One self-contained HTML page: inline CSS and JS, no external asset. */
  readonly html: string;
  /** The same content as Markdown. */
  readonly markdown: string;
  /** AsyncAPI 3.0 document; write it with {@link serializeAsyncApi}. */
  readonly asyncapi: AsyncApiDocument;
  /** Schema parts JSON Schema cannot express; they are marked in every output, never dropped. */
  readonly warnings: readonly DocsWarning[];
}

/**
 * Documents a contract: an HTML page, Markdown and an AsyncAPI document, with every schema
 * converted by zod's `z.toJSONSchema`.
 * @throws DocsError `NOT_A_CONTRACT` when the value was not made by `defineContract`,
 *   `INVALID_OPTION` for a bad option.
 * @example
 * const { html, markdown, asyncapi } = generateDocs(api, { title: 'Chat API', version: '1.2.0' });
 * await writeFile('contract.md', markdown);
 */
export function generateDocs(
  contract: ContractShape,
  options: GenerateDocsOptions = {},
): GeneratedDocs {
  const clientName = options.clientName ?? 'client';
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(clientName)) {
    throw new DocsError(
      'INVALID_OPTION',
      `clientName "${clientName}" must be a JavaScript identifier`,
    );
  }
  const serverUrl = options.serverUrl;
  if (serverUrl !== undefined && !/^wss?:\/\/[^/]/i.test(serverUrl)) {
    throw new DocsError(
      'INVALID_OPTION',
      `serverUrl "${serverUrl}" must start with ws:// or wss://`,
    );
  }
  const doc = describeContract(contract, {
    title: options.title ?? 'API reference',
    version: options.version ?? '0.0.0',
    description: options.description,
    clientName,
  });
  return {
    html: renderHtml(doc),
    markdown: renderMarkdown(doc),
    asyncapi: buildAsyncApi(doc, { serverUrl }),
    warnings: doc.warnings,
  };
}
