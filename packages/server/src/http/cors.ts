import type { HttpSettings } from './httpOptions.js';
import { HttpHeader } from './httpWire.js';

const allowedHeaders = [
  'content-type',
  HttpHeader.PROTOCOL,
  HttpHeader.SESSION,
  HttpHeader.PARAMS,
  HttpHeader.STREAM,
  'last-event-id',
].join(', ');

/**
 * The CORS headers for a response to an allowed `origin`; none without the `cors` option or an
 * `Origin` (same-origin and non-browser requests need none).
 */
export function corsHeaders(settings: HttpSettings, origin: string | null): Record<string, string> {
  if (!settings.cors || origin === null) return {};
  return {
    'access-control-allow-origin': origin,
    vary: 'origin',
    ...(settings.cors.credentials ? { 'access-control-allow-credentials': 'true' } : {}),
  };
}

/** The answer to a preflight from an allowed origin. */
export function preflight(settings: HttpSettings, origin: string | null): Response {
  if (!settings.cors) return new Response(null, { status: 204 });
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(settings, origin),
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': allowedHeaders,
      'access-control-max-age': String(settings.cors.maxAgeSeconds),
    },
  });
}
