/**
 * Checks the tags given to `ctx.track`, `ctx.invalidate` or `server.invalidate`: each a
 * non-empty string, so a typo like `track(todo.id)` with an undefined id fails loudly instead of
 * tracking nothing.
 * @throws TypeError naming the caller and the bad tag.
 */
export function assertTags(tags: readonly unknown[], caller: string): asserts tags is string[] {
  for (const tag of tags) {
    if (typeof tag !== 'string' || tag.length === 0)
      throw new TypeError(`${caller} takes non-empty strings as tags (got ${String(tag)})`);
  }
}
