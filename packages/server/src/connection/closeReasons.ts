/** The close reason of a connection refused for the server's connection limit (with 1013). */
export const atConnectionLimit = 'Server is at its connection limit; retry-after=1000';

/** The close reason of a connection refused for the handshake budget (with 1013). */
export const atHandshakeLimit = 'Too many connections in the handshake; retry-after=1000';

/** Close reasons are limited to 123 bytes by the WebSocket protocol: longer ones are cut. */
export function closeReason(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return bytes.length <= 123
    ? text
    : `${new TextDecoder().decode(bytes.slice(0, 120)).replace(/\uFFFD$/, '')}...`;
}
