// Runs the client probe in Bun or Deno against the conformance server whose URL is the first
// argument: once with the client's default WebSocket, once with the runtime's global one. Prints
// `RESULT <json>` and exits.
import type { WebSocketConstructor } from '@wirecall/client';
import { runClientProbe } from './clientProbe.js';

declare const Deno: { args: string[] } | undefined;

const url = typeof Deno === 'undefined' ? process.argv[2] : Deno.args[0];
if (!url) throw new Error('usage: probeMain <ws-url>');
const native = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
if (!native) throw new Error('This runtime has no global WebSocket');
const result = {
  byDefault: await runClientProbe(url),
  native: await runClientProbe(url, native),
};
console.log(`RESULT ${JSON.stringify(result)}`);
