// Starts, in Node, the conformance server that the tests running inside workerd connect to, and
// hands them its URL. Spawned rather than imported: this file is loaded with the Workers
// environment's resolve conditions, which do not reach the workspace sources.
import type { TestProject } from 'vitest/node';
import { listenServerScript } from '../src/runtimes/processTarget.js';
import { runtimeCommand } from '../src/runtimes/runtimeCommand.js';
import { spawnListening } from '../src/runtimes/spawnListening.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `ws://` URL of a conformance server served by the Node adapter. */
    conformanceUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Bun starts the Node adapter's script far faster than Node with tsx does.
  const server = await spawnListening(runtimeCommand('bun', listenServerScript()));
  project.provide('conformanceUrl', server.url);
  return () => server.close();
}
