import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Serves the built app from `root`; unknown paths get `index.html` (one-page app). */
export function serveStatic(root: string) {
  const base = normalize(root + sep);
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const file = normalize(join(base, pathname));
    // Never serve outside the build folder (`/../../etc/passwd`).
    const safe = file.startsWith(base) && !pathname.includes('\0');
    const candidates = safe && extname(file) ? [file] : [];
    candidates.push(join(base, 'index.html'));
    for (const candidate of candidates) {
      try {
        const body = await readFile(candidate);
        response.writeHead(200, {
          'content-type': types[extname(candidate)] ?? 'application/octet-stream',
          'cache-control': candidate.includes(`${sep}assets${sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        });
        response.end(request.method === 'HEAD' ? undefined : body);
        return;
      } catch {
        // try the next candidate
      }
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
  };
}
