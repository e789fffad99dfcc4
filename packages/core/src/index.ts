export type { CheckedContract, ContractShape } from './contract/defineContract.js';
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
export type { ClientMemberName, ObjectMemberName } from './contract/reservedNames.js';
export { CLIENT_MEMBER_NAMES, OBJECT_MEMBER_NAMES } from './contract/reservedNames.js';
export type { ValidationResult } from './contract/validate.js';
export { formatIssues, toInputIssues, validate } from './contract/validate.js';
export type { BuiltinErrorCode, BuiltinErrorData, InputIssue } from './errors/codes.js';
export { ErrorCode, isBuiltinErrorCode } from './errors/codes.js';
export type { DataOfCode, RpcErrorOptions, SerializedRpcError } from './errors/RpcError.js';
export { isRpcError, RpcError, toRpcError } from './errors/RpcError.js';
export { isPromiseLike } from './isPromiseLike.js';
export type { CloseCodeValue, ClosingErrorCode } from './protocol/closeCodes.js';
export {
  CloseCode,
  closeCodeForError,
  errorCodeForClose,
  isFatalCloseCode,
} from './protocol/closeCodes.js';
export type { BatchingCodec, Codec, Frame } from './protocol/codec.js';
export { canBatch, frameSize, jsonCodec } from './protocol/codec.js';
export type { EncodeResult } from './protocol/encodeMessage.js';
export { encodeMessage } from './protocol/encodeMessage.js';
export {
  DEFAULT_BUFFER_SIZE,
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_OVERFLOW,
  DEFAULT_WINDOW,
} from './protocol/flowDefaults.js';
export type { FrameSink } from './protocol/frameBatcher.js';
export { DEFAULT_MAX_BATCH_SIZE, FrameBatcher } from './protocol/frameBatcher.js';
export {
  isValidCursor,
  MAX_CURSOR_LENGTH,
  MAX_KEY_LENGTH,
  MAX_PATH_LENGTH,
} from './protocol/limits.js';
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
