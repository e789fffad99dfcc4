import { ErrorCode, isRpcError, type RpcError } from '@wirecall/client';
import { expect } from 'vitest';
import { openRawClient } from '../rawClient.js';
import { waitFor } from '../waitFor.js';
import { conformanceLimits } from './conformanceContract.js';
import { openConformanceFixture } from './conformanceFixture.js';
import { it } from './conformanceIt.js';
import type { StartConformanceServer } from './conformanceTarget.js';

/** Calls, typed errors and bad input. */
export function callCases(start: StartConformanceServer): void {
  it('answers queries and mutations', async () => {
    await using t = await openConformanceFixture(start);
    await expect(t.client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
    await expect(t.client.add({ by: 2, ms: 0 })).resolves.toBe(2);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => t.client.greet({ name: `n${n}` })),
    );
    expect(answers).toEqual(Array.from({ length: 20 }, (_, n) => `Hello, n${n}!`));
  });

  it('sends a declared error typed with its data, and a crash as INTERNAL without its message', async () => {
    await using t = await openConformanceFixture(start);
    const declared = await t.client.fail({ how: 'declared' }).catch((error: RpcError) => error);
    expect(isRpcError(declared, 'OUT_OF_STOCK')).toBe(true);
    if (isRpcError(declared, 'OUT_OF_STOCK'))
      expect(declared.data).toEqual({ sku: 'tea', left: 0 });
    const crash = await t.client.fail({ how: 'crash' }).catch((error: RpcError) => error);
    expect(isRpcError(crash, ErrorCode.INTERNAL)).toBe(true);
    expect(JSON.stringify(crash)).not.toContain('secret');
    await expect(t.client.greet({ name: 'still here' })).resolves.toBe('Hello, still here!');
  });

  it('rejects bad input with BAD_INPUT and its issues, and runs nothing', async () => {
    await using t = await openConformanceFixture(start);
    const error = await t.client.greet({ name: '' }).catch((thrown: RpcError) => thrown);
    expect(isRpcError(error, ErrorCode.BAD_INPUT)).toBe(true);
    if (isRpcError(error, ErrorCode.BAD_INPUT)) {
      expect(error.data.issues).toEqual([expect.objectContaining({ path: ['name'] })]);
    }
    // Sent as is, past the client's types: the server validates what it gets.
    const wrong = { by: 'many', ms: 0 } as unknown as { by: number; ms: number };
    const mutation = await t.client.add(wrong).catch((thrown: RpcError) => thrown);
    expect(isRpcError(mutation, ErrorCode.BAD_INPUT)).toBe(true);
    expect((await t.client.effects()).addRuns).toBe(0);
  });

  it('closes a connection that sends a malformed frame with 4400, and serves the others', async () => {
    await using t = await openConformanceFixture(start);
    await expect(t.client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
    await using raw = await openRawClient(t.directUrl);
    raw.send('{"type":"call","id":');
    expect((await raw.closed).code).toBe(4400);
    await expect(t.client.greet({ name: 'Bo' })).resolves.toBe('Hello, Bo!');
    expect(t.closes).toEqual([]);
  });

  it('closes a connection that sends a frame over maxMessageBytes with 1009', async () => {
    await using t = await openConformanceFixture(start);
    await using raw = await openRawClient(t.directUrl);
    const name = 'x'.repeat(conformanceLimits.maxMessageBytes + 1);
    raw.send({ type: 'call', id: 1, path: 'greet', input: { name } });
    expect((await raw.closed).code).toBe(1009);
    // The typed client knows the limit from the handshake and refuses such a call itself.
    await waitFor(() => t.client.state === 'open');
    const error = await t.client.greet({ name }).catch((thrown: RpcError) => thrown);
    expect(isRpcError(error, ErrorCode.LIMIT_EXCEEDED)).toBe(true);
    await expect(t.client.greet({ name: 'Ada' })).resolves.toBe('Hello, Ada!');
  });
}
