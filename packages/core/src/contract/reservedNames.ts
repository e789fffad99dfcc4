/**
 * Names a contract cannot use for a procedure or namespace, because the typed client object of
 * `@wirecall/client` has a member of that name: its own controls at the top level, and the
 * members every object inherits at any level. The client's tests check the list against the
 * real client, so it grows with it.
 */

/** The members of the client object besides the contract's handles. */
export const CLIENT_MEMBER_NAMES = ['close', 'connect', 'off', 'on', 'state', 'stats'] as const;

/** What every object inherits from `Object.prototype`: a namespace object has them too. */
export const OBJECT_MEMBER_NAMES = [
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
] as const;

/** A name a contract cannot use at the top level. */
export type ClientMemberName =
  | (typeof CLIENT_MEMBER_NAMES)[number]
  | (typeof OBJECT_MEMBER_NAMES)[number];

/** A name a contract cannot use inside a namespace. */
export type ObjectMemberName = (typeof OBJECT_MEMBER_NAMES)[number];

const topLevel: ReadonlySet<string> = new Set([...CLIENT_MEMBER_NAMES, ...OBJECT_MEMBER_NAMES]);
const nested: ReadonlySet<string> = new Set(OBJECT_MEMBER_NAMES);

/** Whether `name` collides with a member of the client (at the top level) or of any object. */
export function isReservedName(name: string, topLevelName: boolean): boolean {
  return (topLevelName ? topLevel : nested).has(name);
}
