import type { ResultMessage, ServerMessage } from '@wirecall/core';
import {
  applyJsonPatch,
  diffJson,
  type LiveEvent,
  type LivePatch,
  type LivePatchOperation,
} from '@wirecall/core/internal';
import { describe, expectTypeOf, it } from 'vitest';

describe('live query wire types', () => {
  it('gives result messages an optional numeric liveVersion', () => {
    expectTypeOf<ResultMessage['liveVersion']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Extract<ServerMessage, { type: 'result' }>>().toEqualTypeOf<ResultMessage>();
  });

  it('types live events as a whole value or a patch of a base version', () => {
    const event = {} as LiveEvent;
    expectTypeOf(event.version).toEqualTypeOf<string>();
    expectTypeOf(event.liveVersion).toEqualTypeOf<number | undefined>();
    if ('patch' in event) {
      expectTypeOf(event.base).toEqualTypeOf<string>();
      expectTypeOf(event.patch).toEqualTypeOf<LivePatch>();
    } else {
      expectTypeOf(event.value).toEqualTypeOf<unknown>();
    }
  });

  it('keeps patches unknown-valued, never any', () => {
    expectTypeOf(diffJson).returns.toEqualTypeOf<LivePatch>();
    expectTypeOf(applyJsonPatch).returns.toEqualTypeOf<unknown>();
    expectTypeOf<LivePatchOperation[0]>().toEqualTypeOf<0 | 1 | 2>();
    expectTypeOf<LivePatch[number]>().not.toBeAny();
  });
});
