import { CloseCode } from '@wirecall/core';

/**
 * The close code an HTTP status the server refused a request with stands for, so the client's
 * one reconnect decision treats an HTTP refusal as it treats the same WebSocket close.
 */
export function closeCodeForStatus(status: number): number {
  switch (status) {
    case 400:
    case 405:
    case 415:
      return CloseCode.PROTOCOL_ERROR;
    case 401:
      return CloseCode.UNAUTHORIZED;
    case 403:
      return CloseCode.FORBIDDEN;
    case 413:
      return CloseCode.MESSAGE_TOO_BIG;
    case 429:
    case 503:
      return CloseCode.TRY_AGAIN_LATER;
    case 500:
      return CloseCode.INTERNAL_ERROR;
    default:
      return CloseCode.ABNORMAL;
  }
}

/** The typed error of a refused request's body, or one made from its status. */
export async function errorOfResponse(
  response: Response,
): Promise<{ readonly code: string; readonly message: string }> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = body.error ?? {};
    if (typeof code === 'string' && typeof message === 'string') return { code, message };
  } catch {
    // Not a wirecall server's answer (a proxy's error page): the status is all there is.
  }
  return { code: 'UNAVAILABLE', message: `HTTP ${response.status}` };
}
