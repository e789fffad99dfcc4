import { diffJson, type LivePatch } from '@wirecall/core/internal';

/** Results shorter than this (in JSON characters) are always sent whole: a patch saves little. */
export const PATCH_MIN_LENGTH = 1_024;

/** A patch is sent only when it is at most this share of the whole value's length. */
export const PATCH_MAX_SHARE = 0.5;

/**
 * Whether a new live result goes out as a patch of the previous one, decided once per run for
 * all watchers: only for large results, and only when the patch is much smaller than the value.
 * Both are compared as JSON (`text` is the new value's stable JSON text), which is what the
 * client holds once the codec has carried them.
 * @returns the new value as JSON parses it (kept to diff the next one against) and the patch.
 */
export function patchOf(
  previousVersion: string | undefined,
  previousJson: unknown,
  text: string,
): { json: unknown; patch?: { base: string; operations: LivePatch } } {
  if (text.length < PATCH_MIN_LENGTH) return { json: undefined };
  const json: unknown = JSON.parse(text);
  if (previousVersion === undefined || previousJson === undefined) return { json };
  const operations = diffJson(previousJson, json);
  if (JSON.stringify(operations).length > text.length * PATCH_MAX_SHARE) return { json };
  return { json, patch: { base: previousVersion, operations } };
}
