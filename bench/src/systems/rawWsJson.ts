import { rawWs, startRawServer } from './rawWs.js';
import type { SystemAdapter } from './types.js';

/**
 * A reference, not a peer: raw `ws` whose server parses each call frame (`JSON.parse`) and answers
 * with a newly encoded envelope (`JSON.stringify`), with the raw `ws` client. It does the least
 * any server that reads its messages must do — no validation, no bookkeeping — so in the
 * single-call rows it shows how much of a protocol's distance from raw `ws` is parsing and
 * encoding alone. Runs only when named (`--systems=raw-ws-json`).
 */
export const rawWsJson: SystemAdapter = {
  ...rawWs,
  id: 'raw-ws-json',
  label: 'raw ws + JSON',
  startServer: (port) => startRawServer(port, 'json'),
};
