export type { CheckedContract, ContractShape } from './contract/defineContract.js';
export { defineContract, getProcedures, isContract } from './contract/defineContract.js';
export type { FlowOptions, OverflowPolicy } from './contract/flowOptions.js';
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
  PresenceMember,
  ProcedureAt,
  ProcedurePath,
  StateInputOf,
  StateOf,
} from './contract/infer.js';
export type {
  AnyCallProcedure,
  AnyProcedure,
  MutationDefinition,
  PresenceDefinition,
  ProcedureKind,
  QueryDefinition,
  SubscriptionDefinition,
} from './contract/procedure.js';
export { isProcedure, mutation, presence, query, subscription } from './contract/procedure.js';
export type {
  CallProcedureOptions,
  ErrorSchemas,
  PresenceOptions,
  QueryOptions,
  SubscriptionOptions,
} from './contract/procedureOptions.js';
export type { ClientMemberName, ObjectMemberName } from './contract/reservedNames.js';
export { CLIENT_MEMBER_NAMES, OBJECT_MEMBER_NAMES } from './contract/reservedNames.js';
export type { BuiltinErrorCode, BuiltinErrorData, InputIssue } from './errors/codes.js';
export { ErrorCode, isBuiltinErrorCode } from './errors/codes.js';
export type { DataOfCode, RpcErrorOptions, SerializedRpcError } from './errors/RpcError.js';
export { isRpcError, RpcError, toRpcError } from './errors/RpcError.js';
export type { CloseCodeValue } from './protocol/closeCodes.js';
export { CloseCode, isFatalCloseCode } from './protocol/closeCodes.js';
export type { BatchingCodec, Codec, Frame, SharedEventFields } from './protocol/codec.js';
export { jsonCodec } from './protocol/codec.js';
export {
  DEFAULT_BUFFER_SIZE,
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_OVERFLOW,
  DEFAULT_WINDOW,
} from './protocol/flowDefaults.js';
export {
  isValidCursor,
  MAX_CURSOR_LENGTH,
  MAX_GET_URL_LENGTH,
  MAX_KEY_LENGTH,
  MAX_PATH_LENGTH,
  MAX_TRACESTATE_LENGTH,
} from './protocol/limits.js';
export type * from './protocol/messages.js';
export { PROTOCOL_V1 } from './protocol/messages.js';
export {
  MAX_CREDIT,
  ProtocolError,
  parseClientMessage,
  parseServerMessage,
} from './protocol/parse.js';
export { MAX_BIGINT_DIGITS, richCodec } from './protocol/richCodec.js';
export type {
  AnySchema,
  InferInput,
  InferOutput,
  StandardSchemaV1,
} from './schema/standardSchema.js';
export { isStandardSchema } from './schema/standardSchema.js';
export type { Timers } from './timers.js';
