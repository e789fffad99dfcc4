export { openRawClient, type RawClient } from './rawClient.js';
export { resumeContract } from './resumeContract.js';
export { createResumeHandlers, type ResumeLog } from './resumeHandlers.js';
export { type StartedServer, startServer } from './startServer.js';
export { startTcpProxy, type TcpProxy } from './tcpProxy.js';
export { testContract } from './testContract.js';
export { waitFor } from './waitFor.js';
