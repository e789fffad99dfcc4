import { createClient } from '@wirecall/client';
import { CloseCode, defineContract, query } from '@wirecall/core';
import { createServer, type Logger } from '@wirecall/server';
import { openRawClient } from '@wirecall/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

const api = defineContract({ fail: query({ output: z.string() }) });

/** A pino-shaped logger that keeps what it is told. */
function recordingLogger() {
  const lines: Array<{
    level: string;
    fields: Record<string, unknown>;
    message: string | undefined;
  }> = [];
  const logger: Logger = {
    error: (fields, message) => lines.push({ level: 'error', fields: { ...fields }, message }),
    warn: (fields, message) => lines.push({ level: 'warn', fields: { ...fields }, message }),
  };
  return { logger, lines };
}

async function start(logger?: Logger) {
  const server = createServer(api, {
    ...(logger ? { logger } : {}),
    handlers: {
      fail: () => {
        throw new Error('disk full');
      },
    },
  });
  const { url } = await server.listen({ port: 0 });
  return { url, [Symbol.asyncDispose]: () => server.close() };
}

describe('logger', () => {
  it('gets handler failures as errors, and nothing goes to stderr', async () => {
    const { logger, lines } = recordingLogger();
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await using t = await start(logger);
      const client = createClient(api, { url: t.url });
      await expect(client.fail()).rejects.toMatchObject({ code: 'INTERNAL' });
      client.close();
      expect(lines).toEqual([
        {
          level: 'error',
          fields: { err: expect.objectContaining({ message: 'disk full' }), path: 'fail' },
          message: 'wirecall: unexpected error',
        },
      ]);
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
    }
  });

  it('gets protocol violations as warnings', async () => {
    const { logger, lines } = recordingLogger();
    await using t = await start(logger);
    const raw = await openRawClient(t.url);
    raw.send('{{ not json');
    expect((await raw.closed).code).toBe(CloseCode.PROTOCOL_ERROR);
    expect(lines).toEqual([
      {
        level: 'warn',
        fields: { closeCode: CloseCode.PROTOCOL_ERROR, reason: expect.any(String) },
        message: 'wirecall: protocol violation, connection closed',
      },
    ]);
  });

  it('refuses a logger without error() and warn()', () => {
    expect(() =>
      createServer(api, { logger: { error() {} } as never, handlers: { fail: () => '' } }),
    ).toThrow(TypeError);
  });
});
