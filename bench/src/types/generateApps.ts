import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { TypeCostApp } from './typeCostResults.js';

/** Which app to generate: the full app of a system, or the contract alone (to find its cost). */
export type AppKind = TypeCostApp;

type Kind = 'query' | 'mutation' | 'subscription';

/** Procedure `i`'s kind: a third each, in turn. */
function kindOf(i: number): Kind {
  return (['query', 'mutation', 'subscription'] as const)[i % 3] as Kind;
}

/** Distinct schemas per procedure, so the checker cannot reuse one procedure's types for the next. */
function inputSchema(i: number): string {
  return `z.object({ id: z.string(), n${i}: z.number(), tags: z.array(z.string()).optional() })`;
}
function outputSchema(i: number): string {
  return `z.object({ ok: z.boolean(), v${i}: z.string(), at: z.number() })`;
}

function wirecallContract(n: number): string {
  const entries = Array.from({ length: n }, (_, i) => {
    const kind = kindOf(i);
    const second = kind === 'subscription' ? 'event' : 'output';
    return `  p${i}: ${kind}({ input: ${inputSchema(i)}, ${second}: ${outputSchema(i)} }),`;
  });
  return [
    "import { defineContract, mutation, query, subscription } from '@wirecall/core';",
    "import { z } from 'zod';",
    '',
    'export const api = defineContract({',
    ...entries,
    '});',
    '',
  ].join('\n');
}

function zodOnly(n: number): string {
  const entries = Array.from(
    { length: n },
    (_, i) => `  p${i}: { input: ${inputSchema(i)}, output: ${outputSchema(i)} },`,
  );
  return ["import { z } from 'zod';", '', 'export const schemas = {', ...entries, '};', ''].join(
    '\n',
  );
}

function wirecallServer(n: number): string {
  const handlers = Array.from({ length: n }, (_, i) => {
    const value = `{ ok: true, v${i}: input.id, at: input.n${i} }`;
    if (kindOf(i) === 'query') return `    p${i}: (input) => (${value}),`;
    if (kindOf(i) === 'mutation') return `    p${i}: async (input) => (${value}),`;
    return `    p${i}: async function* (input) {\n      yield ${value};\n    },`;
  });
  return [
    "import { createServer } from '@wirecall/server';",
    "import { api } from './contract.js';",
    '',
    'export const server = createServer(api, {',
    '  handlers: {',
    ...handlers,
    '  },',
    '});',
    '',
  ].join('\n');
}

function wirecallClient(n: number): string {
  const calls = Array.from({ length: n }, (_, i) => {
    const input = `{ id: 'a', n${i}: ${i} }`;
    if (kindOf(i) === 'subscription') {
      return `  client.p${i}.subscribe(${input}, { onData: (event) => { const v: string = event.v${i}; void v; } });`;
    }
    return `  { const r = await client.p${i}(${input}); const v: string = r.v${i}; void v; }`;
  });
  return [
    "import { createClient } from '@wirecall/client';",
    "import { api } from './contract.js';",
    '',
    "const client = createClient(api, { url: 'ws://127.0.0.1:1', lazy: true });",
    '',
    'export async function run(): Promise<void> {',
    ...calls,
    '}',
    '',
  ].join('\n');
}

function trpcRouter(n: number): string {
  const procedures = Array.from({ length: n }, (_, i) => {
    const value = `{ ok: true, v${i}: input.id, at: input.n${i} }`;
    const base = `t.procedure.input(${inputSchema(i)})`;
    if (kindOf(i) === 'query')
      return `  p${i}: ${base}.output(${outputSchema(i)}).query(({ input }) => (${value})),`;
    if (kindOf(i) === 'mutation')
      return `  p${i}: ${base}.output(${outputSchema(i)}).mutation(async ({ input }) => (${value})),`;
    // tRPC 11 has no event schema: the generator's yield type is the event type.
    return `  p${i}: ${base}.subscription(async function* ({ input }) {\n    yield ${value};\n  }),`;
  });
  return [
    "import { initTRPC } from '@trpc/server';",
    "import { z } from 'zod';",
    '',
    'const t = initTRPC.create();',
    '',
    'export const appRouter = t.router({',
    ...procedures,
    '});',
    '',
    'export type AppRouter = typeof appRouter;',
    '',
  ].join('\n');
}

function trpcClient(n: number): string {
  const calls = Array.from({ length: n }, (_, i) => {
    const input = `{ id: 'a', n${i}: ${i} }`;
    const kind = kindOf(i);
    if (kind === 'subscription') {
      return `  client.p${i}.subscribe(${input}, { onData: (event) => { const v: string = event.v${i}; void v; } });`;
    }
    const method = kind === 'query' ? 'query' : 'mutate';
    return `  { const r = await client.p${i}.${method}(${input}); const v: string = r.v${i}; void v; }`;
  });
  return [
    "import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';",
    "import type { AppRouter } from './router.js';",
    '',
    "const ws = createWSClient({ url: 'ws://127.0.0.1:1', lazy: { enabled: true, closeMs: 0 } });",
    'const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });',
    '',
    'export async function run(): Promise<void> {',
    ...calls,
    '}',
    '',
  ].join('\n');
}

/** The same strict settings for every app: only what the app itself declares is checked. */
function tsconfig(files: readonly string[]): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files,
    },
    null,
    2,
  )}\n`;
}

/** Writes the app `kind` with `n` procedures into `dir` (replacing what was there). */
export function generateApp(dir: string, kind: AppKind, n: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> =
    kind === 'wirecall'
      ? {
          'contract.ts': wirecallContract(n),
          'server.ts': wirecallServer(n),
          'client.ts': wirecallClient(n),
        }
      : kind === 'wirecall-contract'
        ? { 'contract.ts': wirecallContract(n) }
        : kind === 'zod-only'
          ? { 'schemas.ts': zodOnly(n) }
          : { 'router.ts': trpcRouter(n), 'client.ts': trpcClient(n) };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'tsconfig.json'), tsconfig(Object.keys(files)));
}
