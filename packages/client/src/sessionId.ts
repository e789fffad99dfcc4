/**
 * A random id for the client's session. `crypto.randomUUID` exists only in secure contexts, so
 * pages served over plain http on a LAN fall back to `getRandomValues`, which exists everywhere.
 */
export function createSessionId(): string {
  const { crypto } = globalThis;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
