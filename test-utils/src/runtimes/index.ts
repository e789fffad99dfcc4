export { type ClientProbeResult, runClientProbe } from './clientProbe.js';
export { WORKER_COMPATIBILITY_DATE } from './compatibilityDate.js';
export { listenServerScript, nativeServerScript, processTarget } from './processTarget.js';
export { type RuntimeName, runtimeBinary } from './runtimeBinaries.js';
export { type RuntimeCommand, runtimeCommand } from './runtimeCommand.js';
export {
  LISTENING_PREFIX,
  type ListeningProcess,
  type SpawnListeningOptions,
  spawnListening,
} from './spawnListening.js';
export {
  type BundleWorkerOptions,
  bundleWorker,
  probeMainScript,
  probeWorkerEntry,
  type RunningWorker,
  type StartWorkerOptions,
  startWorker,
} from './workerdProbe.js';
