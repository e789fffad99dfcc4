export { CloseCode, ErrorCode, isRpcError, RpcError } from '@wirecall/core';
export type {
  ConnectionInit,
  ContractShape,
  Handlers,
  MiddlewareEntry,
  PubSub,
  ServerStats,
  Tracked,
} from '@wirecall/server';
export { tracked } from '@wirecall/server/internal';
export {
  ATTACHMENT_BUDGET_BYTES,
  type ConnectionAttachment,
  MAX_ATTACHMENT_BYTES,
  type StoredSubscription,
} from './connectionAttachment.js';
export { type DurableServer, type DurableServerOptions, durableServer } from './durableServer.js';
export { publishToDurableObject } from './publishToDurableObject.js';
export {
  type RouteToDurableObjectOptions,
  routeToDurableObject,
} from './routeToDurableObject.js';
export { type StoragePubSubOptions, storagePubSub } from './storagePubSub.js';
export { WirecallDurableObject } from './WirecallDurableObject.js';
export type {
  AutoResponsePair,
  DurableObjectContext,
  DurableObjectNamespaceLike,
  DurableObjectStubLike,
  DurableStorage,
  HibernatableWebSocket,
} from './workersTypes.js';
