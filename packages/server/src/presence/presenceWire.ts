import type { PresenceDefinition } from '@wirecall/core';
import { MAX_PRESENCE_ENTRY_LENGTH, validate } from '@wirecall/core/internal';
import { z } from 'zod';

/** A join's or update's input once checked: the room, the state, the client's entry name. */
export interface PresenceWire {
  readonly input: unknown;
  readonly state: unknown;
  readonly entry: string;
}

type Issue = { readonly path: PropertyKey[]; readonly message: string };

const cache = new WeakMap<PresenceDefinition, Map<number, z.ZodType<PresenceWire>>>();

/**
 * The schema of the input of a presence's join (`subscribe`) or update (`call`): `{ input, state,
 * entry }`, `input` and `state` checked against the contract and the state's size against
 * `maxStateBytes`. Checked before the join starts, so a bad one is refused like any bad input,
 * with `BAD_INPUT` naming each issue. One schema per procedure and limit, made once.
 */
export function presenceWireSchema(
  procedure: PresenceDefinition,
  maxStateBytes: number,
): z.ZodType<PresenceWire> {
  let byLimit = cache.get(procedure);
  if (!byLimit) {
    byLimit = new Map();
    cache.set(procedure, byLimit);
  }
  let schema = byLimit.get(maxStateBytes);
  if (!schema) {
    schema = build(procedure, maxStateBytes);
    byLimit.set(maxStateBytes, schema);
  }
  return schema;
}

function build(procedure: PresenceDefinition, maxStateBytes: number): z.ZodType<PresenceWire> {
  return z.unknown().transform(async (value, ctx) => {
    const issues: Issue[] = [];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'Expected an object { input, state, entry }' });
      return z.NEVER;
    }
    const wire = value as Record<string, unknown>;
    const { entry } = wire;
    if (
      typeof entry !== 'string' ||
      entry.length === 0 ||
      entry.length > MAX_PRESENCE_ENTRY_LENGTH
    ) {
      issues.push({
        path: ['entry'],
        message: `Expected a string of 1 to ${MAX_PRESENCE_ENTRY_LENGTH} characters`,
      });
    }
    // A room schema of z.void() takes the `input` a JSON encoder left out.
    const input = await validate(procedure.input, wire.input);
    if (!input.ok) for (const issue of input.issues) issues.push(prefixed('input', issue));
    const state = await validate(procedure.state, wire.state);
    if (!state.ok) for (const issue of state.issues) issues.push(prefixed('state', issue));
    if (state.ok) {
      const bytes = new TextEncoder().encode(JSON.stringify(state.value) ?? '').length;
      if (bytes > maxStateBytes)
        issues.push({
          path: ['state'],
          message: `State is ${bytes} bytes, more than ${maxStateBytes}`,
        });
    }
    if (issues.length > 0 || !input.ok || !state.ok) {
      for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue });
      return z.NEVER;
    }
    return { input: input.value, state: state.value, entry: entry as string };
  });
}

function prefixed(
  field: string,
  issue: { readonly path: readonly PropertyKey[]; readonly message: string },
): Issue {
  return { path: [field, ...issue.path], message: issue.message };
}
