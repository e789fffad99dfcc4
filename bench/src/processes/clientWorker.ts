/**
 * A client process of a run: opens connections of one system and runs workload client tasks on
 * the orchestrator's request. Requests to the server worker go through the orchestrator.
 */
import { Channel } from '../ipc.js';
import { loadSystem } from '../systems/registry.js';
import { getWorkload } from '../workloads/registry.js';
import type { ClientEnv } from '../workloads/types.js';
import { serverControl } from './serverControl.js';

interface TaskRequest {
  readonly workload: string;
  readonly task: string;
  readonly system: string;
  readonly url: string;
  readonly args: unknown;
}

const channel = new Channel(process);
const state = new Map<string, unknown>();
const server = serverControl((method, args, timeoutMs) =>
  channel.request('server', { method, args, timeoutMs }, timeoutMs + 1_000),
);

channel.handle<TaskRequest>('task', async (request) => {
  const task = getWorkload(request.workload).clientTasks[request.task];
  if (!task) throw new Error(`Workload "${request.workload}" has no client task "${request.task}"`);
  const env: ClientEnv = {
    system: await loadSystem(request.system),
    url: request.url,
    server,
    state,
  };
  return task(env, request.args as never);
});

process.on('disconnect', () => process.exit(0));
channel.announceReady();
