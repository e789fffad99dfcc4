// Runs the serverless shape on one machine: three instance processes behind a round-robin
// balancer (no stickiness, as a serverless platform routes), sharing the Redis at REDIS_URL.
import { startRoundRobinProxy } from '@wirecall/test-utils';
import { spawnInstance } from './spawnInstance.js';

const instances = await Promise.all([spawnInstance(), spawnInstance(), spawnInstance()]);
const balancer = await startRoundRobinProxy(instances.map(({ port }) => port));
console.log(`Balancing ${instances.map(({ port }) => port).join(', ')} at ${balancer.url('/')}`);
console.log("Connect with createClient(api, { url, transport: 'http' }); Ctrl-C stops.");
process.once('SIGINT', async () => {
  for (const { child } of instances) child.kill('SIGTERM');
  await balancer[Symbol.asyncDispose]();
  process.exit(0);
});
