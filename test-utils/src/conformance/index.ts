export { callCases } from './callCases.js';
export {
  conformanceCloseOptions,
  conformanceContract,
  conformanceHeartbeat,
  conformanceLimits,
} from './conformanceContract.js';
export { type ConformanceFixture, openConformanceFixture } from './conformanceFixture.js';
export { conformanceServerOptions, createConformanceHandlers } from './conformanceHandlers.js';
export type { ConformanceServer, StartConformanceServer } from './conformanceTarget.js';
export { connectionCases } from './connectionCases.js';
export { type DescribeConformanceOptions, describeConformance } from './describeConformance.js';
export { subscriptionCases } from './subscriptionCases.js';
