import type { OperationHost } from '../connection/operationHost.js';

const connectionIds = new WeakMap<OperationHost, string>();

/**
 * The default member id of a connection: derived from the client's session id (the same across
 * its reconnects, so a rejoin is the same member), hashed so that other members never learn the
 * session id itself, which scopes the client's idempotency keys. A client without a session id
 * gets an id of its connection's own.
 */
export async function defaultMemberId(host: OperationHost): Promise<string> {
  if (host.session === undefined) return connectionScope(host);
  const bytes = new TextEncoder().encode(`wirecall.presence:${host.session}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest.subarray(0, 12)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * What makes a connection's entries its own: its identity and session (stable across
 * reconnects), or an id of this connection alone when it sent no session.
 */
export function connectionScope(host: OperationHost): string {
  if (host.session !== undefined) return JSON.stringify([host.identity ?? null, host.session]);
  let id = connectionIds.get(host);
  if (!id) {
    id = crypto.randomUUID();
    connectionIds.set(host, id);
  }
  return id;
}

/** A room's name in the store: the procedure's path and its input, keys sorted. */
export function roomName(path: string, input: unknown): string {
  return `${path}:${canonicalJson(input)}`;
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
