import type { ConnectionHub } from '../hub/ConnectionHub.js';
import { isOriginAllowed, type OriginPolicy } from '../origin.js';

/** Why a WebSocket upgrade is refused before it completes, as an HTTP answer. */
export interface UpgradeRefusal {
  readonly status: 403 | 503;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
}

const shuttingDown: UpgradeRefusal = {
  status: 503,
  statusText: 'Service Unavailable',
  headers: { 'retry-after': '1' },
};
const forbidden: UpgradeRefusal = { status: 403, statusText: 'Forbidden', headers: {} };

/**
 * Whether an upgrade is refused, the one rule for every adapter: while the server shuts down
 * (503, retry in a second), and from a browser origin the policy does not allow (403).
 */
export function upgradeRefusal(
  hub: ConnectionHub,
  allowedOrigins: OriginPolicy | undefined,
  origin: string | undefined,
  host: string | undefined,
): UpgradeRefusal | undefined {
  if (hub.closing) return shuttingDown;
  if (!isOriginAllowed(allowedOrigins, origin, host)) return forbidden;
  return undefined;
}
