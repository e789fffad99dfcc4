import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DocsError, isDocsError } from '../errors/DocsError.js';
import type { GenerateDocsOptions } from '../generateDocs.js';
import { loadContract } from './loadContract.js';
import { writeDocs } from './writeDocs.js';

/** Where {@link runCli} writes and resolves paths; the process's own in the bin. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly cwd: string;
}

const USAGE = `Usage: wirecall-docs <module> --out <dir> [options]

Loads a TypeScript or JavaScript module, finds its wirecall contract and writes
index.html, contract.md and asyncapi.json into <dir>.

Options:
  -o, --out <dir>          directory to write into (created when missing)
  -e, --export <name>      export holding the contract (default: default, else the only contract)
      --title <text>       title of the docs (default: API reference)
      --api-version <v>    version shown in the docs and AsyncAPI info (default: 0.0.0)
      --server <url>       ws:// or wss:// URL listed as the AsyncAPI server
  -h, --help               show this help`;

/**
 * The `wirecall-docs` command. Returns the exit code: 0 on success, 1 when the docs could not be
 * made (one line on stderr says why), 2 for a bad command line.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`wirecall-docs: ${error instanceof Error ? error.message : String(error)}`);
    io.stderr('Run wirecall-docs --help for usage.');
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    const [modulePath, ...extra] = positionals;
    if (modulePath === undefined)
      throw new DocsError('USAGE', 'missing <module>: the file that exports the contract');
    if (extra.length > 0) throw new DocsError('USAGE', `unexpected argument "${extra[0]}"`);
    if (values.out === undefined) throw new DocsError('USAGE', 'missing --out <dir>');
    const loaded = await loadContract(modulePath, {
      cwd: io.cwd,
      ...(values.export === undefined ? {} : { exportName: values.export }),
    });
    const options: GenerateDocsOptions = {};
    if (values.title !== undefined) options.title = values.title;
    if (values['api-version'] !== undefined) options.version = values['api-version'];
    if (values.server !== undefined) options.serverUrl = values.server;
    const written = await writeDocs(loaded.contract, resolve(io.cwd, values.out), options);
    for (const warning of written.warnings) {
      io.stderr(
        `wirecall-docs: warning: ${warning.procedure} ${warning.schema}${warning.path}: ${warning.reason} (marked x-unrepresentable)`,
      );
    }
    const files = written.files.map((file) => relative(io.cwd, file) || file).join(', ');
    io.stdout(
      `Documented ${loaded.exportName} from ${relative(io.cwd, loaded.modulePath)}: wrote ${files}`,
    );
    return 0;
  } catch (error) {
    if (isDocsError(error)) {
      io.stderr(`wirecall-docs: ${error.message}`);
      if (error.code === 'USAGE') {
        io.stderr('Run wirecall-docs --help for usage.');
        return 2;
      }
      return 1;
    }
    io.stderr(
      `wirecall-docs: unexpected error: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string', short: 'o' },
      export: { type: 'string', short: 'e' },
      title: { type: 'string' },
      'api-version': { type: 'string' },
      server: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
