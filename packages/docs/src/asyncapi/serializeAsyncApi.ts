import type { AsyncApiDocument } from './AsyncApiDocument.js';

/**
 * The AsyncAPI document as the JSON text written to `asyncapi.json`: two-space indented, with a
 * final newline.
 */
export function serializeAsyncApi(document: AsyncApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
