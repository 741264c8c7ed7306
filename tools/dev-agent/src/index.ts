export { startDevAgent } from './server.js';
export type { DevAgent } from './server.js';
export type { DevAgentOptions } from './options.js';
export type { WaitPredicate, WaitResult } from './wait-for.js';
export { describeProblem } from './problems.js';
export { describeStore } from './wait-for.js';
export { MAX_PAYLOAD_BYTES } from './validate-headers.js';
export type {
  DevAgentAttributeValue,
  DevAgentEvent,
  DevAgentListener,
  DevAgentProblem,
  DevAgentProblemKind,
  DevAgentProblemSeverity,
  DevAgentProtocol,
  DevAgentRequest,
  DevAgentSpan,
  DevAgentSpanEvent,
  DevAgentSpanLink,
  DevAgentStats,
  DevAgentStoreView,
} from './types.js';
