/** A step into a JSON value: an object key or an array index. */
export type LivePathStep = string | number;

/**
 * One operation of a {@link LivePatch}, a tuple to keep patches small on the wire:
 * - `[0, path, value]` sets the value at `path` (an empty path replaces the whole value);
 * - `[1, path]` deletes the object key at `path`;
 * - `[2, path, index, remove, items]` splices the array at `path`: removes `remove` elements at
 *   `index` and inserts `items` there.
 */
export type LivePatchOperation =
  | readonly [op: 0, path: readonly LivePathStep[], value: unknown]
  | readonly [op: 1, path: readonly LivePathStep[]]
  | readonly [
      op: 2,
      path: readonly LivePathStep[],
      index: number,
      remove: number,
      items: readonly unknown[],
    ];

/** The operations that turn one JSON value into another, applied in order. */
export type LivePatch = readonly LivePatchOperation[];

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values (as `JSON.parse` makes them). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !jsonEqual(a[key], b[key])) return false;
  }
  return true;
}

/**
 * The patch that turns `prev` into `next`, both JSON values (as `JSON.parse` makes them: no
 * undefined, no Dates). Objects are compared key by key; arrays lose their common head and tail
 * first, so an item added, removed or changed in a long list costs one small operation.
 */
export function diffJson(prev: unknown, next: unknown): LivePatch {
  const operations: LivePatchOperation[] = [];
  diffInto(prev, next, [], operations);
  return operations;
}

function diffInto(
  prev: unknown,
  next: unknown,
  path: LivePathStep[],
  out: LivePatchOperation[],
): void {
  if (prev === next) return;
  if (Array.isArray(prev) && Array.isArray(next)) {
    diffArrays(prev, next, path, out);
    return;
  }
  if (isObject(prev) && isObject(next)) {
    for (const key of Object.keys(prev)) {
      if (!Object.hasOwn(next, key)) out.push([1, [...path, key]]);
    }
    for (const key of Object.keys(next)) {
      if (Object.hasOwn(prev, key)) diffInto(prev[key], next[key], [...path, key], out);
      else out.push([0, [...path, key], next[key]]);
    }
    return;
  }
  if (!jsonEqual(prev, next)) out.push([0, path, next]);
}

function diffArrays(
  prev: readonly unknown[],
  next: readonly unknown[],
  path: LivePathStep[],
  out: LivePatchOperation[],
): void {
  let head = 0;
  const shorter = Math.min(prev.length, next.length);
  while (head < shorter && jsonEqual(prev[head], next[head])) head++;
  let tail = 0;
  while (
    tail < shorter - head &&
    jsonEqual(prev[prev.length - 1 - tail], next[next.length - 1 - tail])
  )
    tail++;
  const prevMiddle = prev.length - head - tail;
  const nextMiddle = next.length - head - tail;
  const common = Math.min(prevMiddle, nextMiddle);
  // Elements at the same place in both change in place; the rest is one splice after them.
  for (let i = head; i < head + common; i++) diffInto(prev[i], next[i], [...path, i], out);
  if (prevMiddle !== nextMiddle) {
    const at = head + common;
    out.push([2, path, at, prevMiddle - common, next.slice(at, at + nextMiddle - common)]);
  }
}

/** Why a patch could not be applied: it does not fit the value it was made for. */
export class LivePatchError extends Error {
  override readonly name = 'LivePatchError';
}

function isStep(step: unknown): step is LivePathStep {
  return typeof step === 'string' || (Number.isSafeInteger(step) && (step as number) >= 0);
}

function isIndex(value: unknown, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= max;
}

/** Sets an own property, even one named `__proto__`, without touching any prototype. */
function put(target: JsonObject | unknown[], key: LivePathStep, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * Applies `patch` to `base` without changing it: containers on the patched paths are copied,
 * everything else is shared with `base` (so unchanged parts keep their identity, as UI libraries
 * like). `patch` is untrusted input: anything that does not fit `base` throws.
 * @throws LivePatchError when the patch is malformed or does not fit `base`.
 */
export function applyJsonPatch(base: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new LivePatchError('A live patch must be an array');
  let root = base;
  const copied = new Set<unknown>();
  const copy = <T extends JsonObject | unknown[]>(value: T): T => {
    if (copied.has(value)) return value;
    // A spread defines own properties, so a `__proto__` key stays a key.
    const clone = (Array.isArray(value) ? [...value] : { ...value }) as T;
    copied.add(clone);
    return clone;
  };
  for (const operation of patch as unknown[]) {
    if (!Array.isArray(operation) || !Array.isArray(operation[1]))
      throw new LivePatchError('A live patch operation must be a tuple with a path');
    const path = operation[1] as unknown[];
    if (!path.every(isStep)) throw new LivePatchError('A live patch path holds keys and indexes');
    if (path.length === 0) {
      if (operation[0] === 0) {
        root = operation[2];
        continue;
      }
      if (operation[0] !== 2) throw new LivePatchError('Only set or splice may target the root');
    }
    // Walk to the container the operation changes, copying each container on the way.
    const steps = operation[0] === 2 ? path : path.slice(0, -1);
    if (typeof root !== 'object' || root === null)
      throw new LivePatchError('A live patch reaches into a value that is no container');
    root = copy(root as JsonObject);
    let container = root as JsonObject | unknown[];
    for (const step of steps) {
      const inner: unknown = Object.hasOwn(container, step)
        ? (container as JsonObject)[step]
        : undefined;
      if (typeof inner !== 'object' || inner === null)
        throw new LivePatchError(`A live patch path does not fit its base at "${String(step)}"`);
      const clone = copy(inner as JsonObject);
      put(container, step, clone);
      container = clone;
    }
    applyOperation(operation, container, path.at(-1) as LivePathStep);
  }
  return root;
}

function applyOperation(
  operation: readonly unknown[],
  container: JsonObject | unknown[],
  last: LivePathStep,
): void {
  switch (operation[0]) {
    case 0:
      if (Array.isArray(container) && !isIndex(last, container.length))
        throw new LivePatchError('A live patch sets an array element out of range');
      if (!Array.isArray(container) && typeof last !== 'string')
        throw new LivePatchError('A live patch sets an object key that is no string');
      put(container, last, operation[2]);
      return;
    case 1:
      if (Array.isArray(container) || !Object.hasOwn(container, last))
        throw new LivePatchError('A live patch deletes a key its base does not have');
      delete container[last];
      return;
    case 2: {
      const [, , index, remove, items] = operation;
      if (
        !Array.isArray(container) ||
        !isIndex(index, container.length) ||
        !isIndex(remove, container.length - index) ||
        !Array.isArray(items)
      )
        throw new LivePatchError('A live patch splices what is no array, or out of range');
      container.splice(index, remove, ...(items as unknown[]));
      return;
    }
    default:
      throw new LivePatchError(`Unknown live patch operation ${String(operation[0])}`);
  }
}
