import type { Codec, Frame } from '@wirecall/core';
import { canBatch, encodeMessage } from '@wirecall/core/internal';

/**
 * The encoded `hello` that opens every connection: the session, whether the client takes
 * batches, and the params when there are any.
 * @throws TypeError naming the problem when the codec cannot encode the params.
 */
export function helloFrame(codec: Codec, session: string, params: unknown): Frame {
  const hello = { type: 'hello', session, ...(canBatch(codec) ? { batch: true } : {}) } as const;
  const encoded = encodeMessage(codec, params === undefined ? hello : { ...hello, params });
  if (!encoded.ok)
    throw new TypeError(`Connection params cannot be sent: their value ${encoded.problem}`);
  return encoded.frame;
}
