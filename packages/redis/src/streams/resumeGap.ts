import { ErrorCode, RpcError } from '@wirecall/server';

/** The error of a subscriber that cannot continue after `lastEventId`: those events are gone. */
export function resumeGap(lastEventId: string): RpcError {
  return new RpcError(
    ErrorCode.RESUME_GAP,
    { lastEventId },
    { message: `Events after "${lastEventId}" are no longer available` },
  );
}
