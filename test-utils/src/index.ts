export type { ChaosFigures } from './chaos/chaosLoad.js';
export { type CutChaosOptions, runCutChaos } from './chaos/cutChaos.js';
export { type KillChaosFigures, type KillChaosOptions, runKillChaos } from './chaos/killChaos.js';
export {
  type LiveFixture,
  type LiveServerLog,
  liveContract,
  startLiveFixture,
} from './liveFixture.js';
export { type MemorySocket, memorySocket } from './memorySocket.js';
export {
  type MemoryServerEnd,
  type MemoryWebSocket,
  memoryWebSocket,
} from './memoryWebSocket.js';
export { type PausableProxy, startPausableProxy } from './pausableProxy.js';
export { presenceContract } from './presenceContract.js';
export { type PresenceStorePair, presenceStoreSuite } from './presenceStoreSuite.js';
export { rateLimitStoreSuite } from './rateLimitStoreSuite.js';
export { openRawClient, type RawClient } from './rawClient.js';
export { resumeContract } from './resumeContract.js';
export { createResumeHandlers, type ResumeLog } from './resumeHandlers.js';
export { type RoundRobinProxy, startRoundRobinProxy } from './roundRobinProxy.js';
export { type StartedServer, startServer } from './startServer.js';
export { startTcpProxy, type TcpProxy } from './tcpProxy.js';
export { testContract } from './testContract.js';
export {
  collector,
  startTodoServer,
  TodoStore,
  todoClient,
  todoHandlers,
  todosContract,
} from './todosFixture.js';
export { circularValue, deepValue } from './unencodableValues.js';
export {
  startUpgradeBlockingProxy,
  type UpgradeBlockingProxy,
} from './upgradeBlockingProxy.js';
export { waitFor } from './waitFor.js';
