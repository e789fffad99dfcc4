import { type AnyProcedure, isProcedure, type ProcedureLike } from './procedure.js';
import { type ClientMemberName, isReservedName, type ObjectMemberName } from './reservedNames.js';

/** A namespace of a contract: procedures and nested namespaces by name. */
export interface ContractShape {
  // Procedures are checked by brand, not as AnyProcedure: see ProcedureLike.
  readonly [name: string]: ProcedureLike | ContractShape;
}

/**
 * The contract with every name that collides with a client member turned into an error message:
 * such a contract does not type-check, and the message says why. `defineContract` checks the
 * same with one fixed type; this mapped form stays for code that names it.
 */
export type CheckedContract<TContract, TReserved extends string = ClientMemberName> = {
  readonly [TName in keyof TContract]: TName extends TReserved
    ? `"${TName}" is a member of the client: put the procedure in a namespace or rename it`
    : TContract[TName] extends ProcedureLike
      ? TContract[TName]
      : CheckedContract<TContract[TName], ObjectMemberName>;
};

/** What every object literal has under `TName` from `Object` (`toString`, `constructor`…). */
type InheritedMember<TName extends string> =
  // biome-ignore lint/complexity/noBannedTypes: the members every object literal inherits.
  TName extends keyof Object ? Object[TName] : never;

/**
 * Each reserved name, typed as the message saying why a contract cannot use it, or as what it
 * inherits from `Object` (which every object literal has): a procedure or namespace is neither,
 * so it is refused.
 */
type RefusedNames<TNames extends string> = {
  readonly [TName in TNames]?:
    | InheritedMember<TName>
    | `"${TName}" is a member of the client: put the procedure in a namespace or rename it`;
};

/** A namespace below the top level: a name every object has is refused. */
type CheckedNamespace = RefusedNames<ObjectMemberName> & {
  readonly [name: string]: ProcedureLike | CheckedNamespace;
};

/**
 * What {@link defineContract} checks a contract against: one fixed type, so its cost does not
 * grow with a per-name conditional over the whole contract (as {@link CheckedContract} does). A
 * reserved name at the top level is reported on its own line; one inside a namespace, on the
 * call.
 */
type CheckedShape = RefusedNames<ClientMemberName> & {
  readonly [name: string]: ProcedureLike | CheckedNamespace;
};

const CONTRACT_BRAND = Symbol.for('wirecall.contract');
const PROCEDURES = Symbol.for('wirecall.contract.procedures');
const NAME_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Declares the API shared by server and client: procedures, nested in namespaces to any depth.
 * Checks the shape once and returns the same object, so `typeof api` carries every type. A name
 * the client object already has (`close`, `connect`, `on`, `off`, `state`, `stats` at the top
 * level, `toString` and the other members of every object anywhere) is refused, by the type
 * checker and at run time.
 * @example
 * export const api = defineContract({
 *   greet: query({ input: z.object({ name: z.string() }), output: z.string() }),
 *   chat: { messages: subscription({ input: z.object({ room: z.string() }), event: z.string() }) },
 * });
 */
export function defineContract<const TContract extends ContractShape>(
  contract: TContract & CheckedShape,
): TContract {
  const procedures = new Map<string, AnyProcedure>();
  collect(contract, [], procedures, new Set());
  Object.defineProperty(contract, CONTRACT_BRAND, { value: true });
  Object.defineProperty(contract, PROCEDURES, { value: procedures });
  return contract;
}

function collect(
  node: ContractShape,
  path: string[],
  into: Map<string, AnyProcedure>,
  seen: Set<object>,
): void {
  if (seen.has(node))
    throw new TypeError(`Contract namespace "${path.join('.')}" refers to itself`);
  seen.add(node);
  for (const [name, value] of Object.entries(node)) {
    const here = [...path, name];
    if (!NAME_PATTERN.test(name)) {
      throw new TypeError(`Contract name "${here.join('.')}" must be a JavaScript identifier`);
    }
    if (isReservedName(name, path.length === 0)) {
      throw new TypeError(
        `Contract name "${here.join('.')}" collides with the client's own "${name}": put it in a namespace or rename it`,
      );
    }
    if (isProcedure(value)) {
      into.set(here.join('.'), value);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // Not branded, so not a procedure, whatever its static type says: a namespace to check.
      collect(value as ContractShape, here, into, seen);
    } else {
      throw new TypeError(
        `Contract entry "${here.join('.')}" must be a query(), mutation(), subscription() or a namespace object`,
      );
    }
  }
  seen.delete(node);
}

/** Whether a value was made by {@link defineContract}. */
export function isContract(value: unknown): value is ContractShape {
  return typeof value === 'object' && value !== null && CONTRACT_BRAND in value;
}

/**
 * Every procedure of a contract by its dotted path (`chat.send`), in declaration order.
 * @throws TypeError when the value was not made by {@link defineContract}.
 */
export function getProcedures(contract: ContractShape): ReadonlyMap<string, AnyProcedure> {
  const procedures = (contract as { [PROCEDURES]?: Map<string, AnyProcedure> })[PROCEDURES];
  if (!procedures) throw new TypeError('Expected a contract made by defineContract()');
  return procedures;
}
