import { escapeHtml } from './escapeHtml.js';

// Strings first, so `//` inside a URL literal is not taken for a comment.
const TOKENS = /("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(\/\*[\s\S]*?\*\/|\/\/[^\n]*)/g;

/**
 * Escapes TypeScript-like source for a `<pre>` and marks strings and comments with spans
 * (`s`, `c`, and `c warn` for unrepresentable parts), without any external highlighter.
 */
export function highlight(source: string): string {
  let html = '';
  let last = 0;
  for (const match of source.matchAll(TOKENS)) {
    html += escapeHtml(source.slice(last, match.index));
    const [token, string] = match;
    const className = string ? 's' : token.includes('⚠') ? 'c warn' : 'c';
    html += `<span class="${className}">${escapeHtml(token)}</span>`;
    last = match.index + token.length;
  }
  return html + escapeHtml(source.slice(last));
}
