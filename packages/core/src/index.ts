export type { ContractShape } from './contract/defineContract.js';
export { defineContract, getProcedures, isContract } from './contract/defineContract.js';
export type {
  DeclaredErrorCodeOf,
  DeclaredErrorDataOf,
  ErrorCodeOf,
  ErrorOf,
  EventOf,
  HandlerEventOf,
  HandlerOutputOf,
  InputOf,
  OutputOf,
  ParsedInputOf,
  ProcedureAt,
  ProcedurePath,
} from './contract/infer.js';
export type {
  AnyCallProcedure,
  AnyProcedure,
  CallProcedureOptions,
  ErrorSchemas,
  FlowOptions,
  MutationDefinition,
  OverflowPolicy,
  ProcedureKind,
  QueryDefinition,
  SubscriptionDefinition,
  SubscriptionOptions,
} from './contract/procedure.js';
export {
  assertFlowOptions,
  isProcedure,
  mutation,
  PROCEDURE_BRAND,
  query,
  subscription,
} from './contract/procedure.js';
export type { ValidationResult } from './contract/validate.js';
export { formatIssues, toInputIssues, validate } from './contract/validate.js';
export type { BuiltinErrorCode, BuiltinErrorData, InputIssue } from './errors/codes.js';
export { ErrorCode, isBuiltinErrorCode } from './errors/codes.js';
export type { DataOfCode, RpcErrorOptions, SerializedRpcError } from './errors/RpcError.js';
export { isRpcError, RpcError, toRpcError } from './errors/RpcError.js';
export { isPromiseLike } from './isPromiseLike.js';
export type { CloseCodeValue } from './protocol/closeCodes.js';
export { CloseCode, isFatalCloseCode } from './protocol/closeCodes.js';
export type { BatchingCodec, Codec, Frame } from './protocol/codec.js';
export { canBatch, frameSize, jsonCodec } from './protocol/codec.js';
export { isValidCursor, MAX_CURSOR_LENGTH } from './protocol/cursor.js';
export type { FrameSink } from './protocol/frameBatcher.js';
export { DEFAULT_MAX_BATCH_SIZE, FrameBatcher } from './protocol/frameBatcher.js';
export type * from './protocol/messages.js';
export { PROTOCOL_V1 } from './protocol/messages.js';
export {
  isBatch,
  MAX_CREDIT,
  messagesOfFrame,
  ProtocolError,
  parseClientFrame,
  parseClientMessage,
  parseServerFrame,
  parseServerMessage,
} from './protocol/parse.js';
export type { Timers } from './timers.js';
