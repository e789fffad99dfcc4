/**
 * What the wirecall packages share with each other and users do not need: the batcher, frame
 * parsers, the procedure brand, encoding helpers and the close-code table's functions. Not a
 * stable API: it may change in any release, in step with the sibling packages of the same version.
 * @internal
 * @module
 */
export { assertFlowOptions } from './contract/flowOptions.js';
export { PROCEDURE_BRAND } from './contract/procedure.js';
export type { ValidationResult } from './contract/validate.js';
export {
  formatIssues,
  toInputIssues,
  toStandardInputIssues,
  validate,
} from './contract/validate.js';
export { isPromiseLike } from './isPromiseLike.js';
export type { LiveEvent, LivePatchEvent, LiveValueEvent } from './live/liveEvent.js';
export type { LivePatch, LivePatchOperation, LivePathStep } from './live/livePatch.js';
export { applyJsonPatch, diffJson, jsonEqual, LivePatchError } from './live/livePatch.js';
export { hashText, stableText, versionOf } from './live/liveVersion.js';
export type { ClosingErrorCode } from './protocol/closeCodes.js';
export { closeCodeForError, errorCodeForClose } from './protocol/closeCodes.js';
export { canBatch, frameSize } from './protocol/codec.js';
export type { EncodeResult } from './protocol/encodeMessage.js';
export { encodeMessage } from './protocol/encodeMessage.js';
export type { EventFrameMaker } from './protocol/eventFrames.js';
export { eventFrames } from './protocol/eventFrames.js';
export type { FrameSink } from './protocol/frameBatcher.js';
export { DEFAULT_MAX_BATCH_SIZE, FrameBatcher } from './protocol/frameBatcher.js';
export { isBatch, messagesOfFrame, parseClientFrame, parseServerFrame } from './protocol/parse.js';
export type {
  PresenceDiff,
  PresenceJoinInput,
  PresenceUpdateInput,
  PresenceWireMember,
} from './protocol/presence.js';
export { MAX_PRESENCE_ENTRY_LENGTH } from './protocol/presence.js';
export type { TraceparentParts } from './protocol/traceparent.js';
export { formatTraceparent, isTraceparent, parseTraceparent } from './protocol/traceparent.js';
