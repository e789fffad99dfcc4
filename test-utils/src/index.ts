export { type RawClient, openRawClient } from './rawClient.js';
export { type StartedServer, startServer } from './startServer.js';
export { testContract } from './testContract.js';
export { waitFor } from './waitFor.js';
export { startTcpProxy, type TcpProxy } from './tcpProxy.js';
